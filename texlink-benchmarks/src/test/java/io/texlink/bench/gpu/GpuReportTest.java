package io.texlink.bench.gpu;

import io.texlink.bench.Cell;
import io.texlink.bench.FrameSize;
import io.texlink.bench.Method;
import io.texlink.bench.SuiteResults;
import io.texlink.bench.SyntheticResults;
import io.texlink.cuda.CudaAvailability;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class GpuReportTest {
    private static final GpuMachine H100 = new GpuMachine("NVIDIA H100 80GB HBM3",
            "NVIDIA H100 80GB HBM3, 580.159.04, 81559 MiB, 5, 16, Default, Enabled",
            new CudaAvailability(true, "CUDA driver 13.0 with 1 device(s): 0 NVIDIA H100 80GB HBM3 (GPU-1234, 81559 MiB)"),
            "NVIDIA H100 80GB HBM3 (NVIDIA 580.159.04, Vulkan 1.4): memory OPAQUE_FD; sync timeline semaphore (OPAQUE_FD)",
            true, true);
    private static final Cell TEXLINK_4K = Cell.paced(Method.VULKAN_CUDA, FrameSize.UHD_4K, 60);
    private static final Cell IPC_4K = Cell.paced(Method.CUDA_IPC, FrameSize.UHD_4K, 60);
    private static final Cell READBACK_4K = Cell.paced(Method.READBACK_UPLOAD, FrameSize.UHD_4K, 60);

    private final SuiteResults results = SyntheticResults.run(GpuPlan.full(), Instant.parse("2026-11-26T10:00:00Z"),
            Duration.ofSeconds(161),
            SyntheticResults.measured(TEXLINK_4K, 90, 0, 40_000, 50_000, 60_000),
            SyntheticResults.measured(IPC_4K, 90, 2, 80_000, 100_000, 120_000),
            SyntheticResults.failed(READBACK_4K, "readback + copy + upload, 4K, 60/s, 1 consumer, 3 buffers: second JVM"
                    + " died\nException in thread \"main\" io.texlink.TexlinkResourceException: vkQueueSubmit returned"
                    + " VK_ERROR_DEVICE_LOST; stamp write into buffer 0 on NVIDIA H100 80GB HBM3"));
    private final GpuReport report = new GpuReport(results, H100,
            Map.of(Method.VULKAN_CUDA_LINEAR, "the Vulkan device shares no timeline semaphore"));

    @Test
    void theFragmentNamesTheDeviceAndDriverAndTheRun() {
        String md = report.markdown();

        assertThat(md).startsWith(GpuReport.FRAGMENT_START + "\n### Results on NVIDIA H100 80GB HBM3\n")
                .contains("Run of 2026-11-26T10:00:00 UTC: full suite, 2 rounds, 1000 ms warm-up and 1500 ms measured"
                        + " per trial (at least 90 frames at 60/s), 2 min 41 s in all.")
                .contains("| GPU (nvidia-smi: name, driver_version, memory.total, pcie.link.gen.max, pcie.link.width.max,"
                        + " compute_mode, persistence_mode) | NVIDIA H100 80GB HBM3, 580.159.04, 81559 MiB, 5, 16, Default, Enabled |")
                .contains("| CUDA | CUDA driver 13.0 with 1 device(s)")
                .contains("| Vulkan | NVIDIA H100 80GB HBM3 (NVIDIA 580.159.04, Vulkan 1.4)")
                .contains("| CPU | Test CPU, 16 cores (virtual machine) |")
                .contains("| CUDA IPC | " + Method.CUDA_IPC.description() + " |");
    }

    @Test
    void eachCellIsARowWithPercentilesRatesAndTheRatioToTexlink() {
        String md = report.markdown();

        assertThat(md).contains("| texlink Vulkan → CUDA | 3840×2160 (31.6 MiB) | 60/s | 50.0 | 60.0 | 60.0 | 60.0 | 50.0 | 3 |"
                        + " 50.0 | 90 | 3 | 0 | 1.00× |")
                .contains("| CUDA IPC | 3840×2160 (31.6 MiB) | 60/s | 100.0 | 120.1 | 120.1 | 120.1 | 100.0 | 3 | 100.0 |"
                        + " 90 | 3 | 2 | 2.00× |")
                .contains("| readback + copy + upload | 3840×2160 (31.6 MiB) | 60/s | not measured (below) |");
        assertThat(md.indexOf("| texlink Vulkan → CUDA |")).isLessThan(md.indexOf("| CUDA IPC |"));
    }

    @Test
    void whatDidNotRunSaysWhyWithTheFailedCall() {
        String md = report.markdown();

        assertThat(md).contains("#### Not run, failed")
                .contains("- texlink Vulkan → CUDA, linear image: not run on this machine: the Vulkan device shares no"
                        + " timeline semaphore")
                .contains("- readback + copy + upload, 4K, 60/s, 1 consumer, 3 buffers: second JVM died\n\n  ```\n"
                        + "  Exception in thread \"main\" io.texlink.TexlinkResourceException: vkQueueSubmit returned"
                        + " VK_ERROR_DEVICE_LOST; stamp write into buffer 0 on NVIDIA H100 80GB HBM3\n  ```");
    }

    @Test
    void theCsvHasOneRowPerCellInNanoseconds() {
        assertThat(report.csv().lines()).containsExactly(
                String.join(",", GpuReport.CSV_COLUMNS),
                "VULKAN_CUDA,texlink Vulkan → CUDA,UHD_4K,3840x2160,33177600,60,3,1,50015,60031,60031,60031,50011,90,3,0,0",
                "CUDA_IPC,CUDA IPC,UHD_4K,3840x2160,33177600,60,3,1,100031,120063,120063,120063,100021,90,3,2,0",
                "READBACK_UPLOAD,readback + copy + upload,UHD_4K,3840x2160,33177600,60,0,0,,,,,,,,,1");
    }

    @Test
    void csvFieldsWithCommasAreQuoted() {
        assertThat(GpuReport.csvText("texlink Vulkan → CUDA, linear image")).isEqualTo("\"texlink Vulkan → CUDA, linear image\"");
        assertThat(GpuReport.csvText("say \"x\", y")).isEqualTo("\"say \"\"x\"\", y\"");
        assertThat(GpuReport.csvText("CUDA IPC")).isEqualTo("CUDA IPC");
    }
}
