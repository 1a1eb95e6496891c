package io.texlink.bench.gpu;

import io.texlink.bench.CellResult;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One tiny trial of every GPU method this machine can run, in real producer and consumer JVMs, and
 * the report drawn from it. Skipped, with the reason, where there is no CUDA (CI, development
 * machines); on the H100 every method must produce samples, each checked by its stamp.
 */
@Tag("gpu")
@Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class GpuBenchmarkSmokeTest {

    @Test
    void everyRunnableMethodProducesCheckedSamples() throws Exception {
        GpuMachine machine = GpuMachine.probe();
        Assumptions.assumeTrue(machine.cuda().available(),
                () -> "no CUDA here (GPU benchmark; runs on the H100): " + machine.cuda().reason());
        System.out.println("GPU: " + machine.gpu() + "; " + machine.vulkan());

        GpuReport report = GpuBenchmarkSuite.run(GpuPlan.smoke(), machine, GpuPlan::smoke, System.out::println);

        report.skipped().forEach((method, reason) -> System.out.println("NOT RUN " + method.label() + ": " + reason));
        assertThat(report.results().cells()).hasSize(GpuPlan.METHODS.size() - report.skipped().size());
        for (CellResult cell : report.results().cells().values()) {
            assertThat(cell.failures()).as("failures of %s", cell.cell()).isEmpty();
            assertThat(cell.samples()).as("samples of %s", cell.cell()).isPositive();
        }
        assertThat(report.markdown()).contains("### Results on " + machine.gpu());
    }
}
