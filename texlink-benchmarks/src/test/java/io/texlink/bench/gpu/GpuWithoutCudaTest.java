package io.texlink.bench.gpu;

import io.texlink.TexlinkUnsupportedException;
import io.texlink.bench.BenchmarkSuite;
import io.texlink.bench.Cell;
import io.texlink.bench.CellResult;
import io.texlink.bench.FrameSize;
import io.texlink.bench.Method;
import io.texlink.cuda.CudaAvailability;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Where there is no CUDA (CI, development machines), the GPU suite says why and runs nothing. Skipped where CUDA works. */
class GpuWithoutCudaTest {

    @BeforeEach
    void noCuda() {
        CudaAvailability cuda = CudaAvailability.check();
        Assumptions.assumeFalse(cuda.available(), () -> "CUDA works here; this test covers machines without it: " + cuda.reason());
    }

    @Test
    void theSuiteSaysWhyAndWritesNothing(@TempDir Path out) throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream console = System.out;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            GpuBenchmarkSuite.main(new String[]{"--quick", "--out", out.toString()});
        } finally {
            System.setOut(console);
        }

        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains("GPU benchmarks not run: no CUDA here (" + CudaAvailability.check().reason() + ")");
        try (var files = Files.list(out)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void aTrialThatCannotRunFailsWithItsJvmsReasonAndTheMethodIsGivenUp() throws Exception {
        List<Cell> cells = List.of(Cell.paced(Method.CUDA_IPC, FrameSize.HD_1080P, 60),
                Cell.paced(Method.CUDA_IPC, FrameSize.UHD_4K, 60), Cell.paced(Method.CUDA_IPC, FrameSize.UHD_4K, 0));

        List<CellResult> results = List.copyOf(BenchmarkSuite.run(GpuPlan.smoke(), cells, line -> { }).cells().values());

        assertThat(results.get(0).failures()).singleElement().asString()
                .startsWith("CUDA IPC, 1080p, 60/s, 1 consumer, 3 buffers: second JVM")
                .contains("producer (pid ", ", exited):\n")
                .contains("TexlinkUnsupportedException: CudaContext needs CUDA, which is not available here: "
                        + CudaAvailability.check().reason())
                .doesNotContain("\tat ");
        assertThat(results.get(2).failures()).singleElement().asString()
                .endsWith("not run in round 1: the method's first 2 trials failed and none succeeded");
    }

    @Test
    void aCudaSideFailsWithTheReasonInsteadOfCrashing() {
        assertThatThrownBy(() -> new CudaStream("CUDA IPC consumer"))
                .isInstanceOf(TexlinkUnsupportedException.class)
                .hasMessageContaining(CudaAvailability.check().reason());
    }
}
