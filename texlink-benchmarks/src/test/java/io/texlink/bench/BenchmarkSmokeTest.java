package io.texlink.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One tiny round of every method in real producer and consumer JVMs, and the report drawn from
 * it. Asserts only that each method produced samples: timings on a shared CI machine prove nothing.
 */
class BenchmarkSmokeTest {

    @Test
    void everyMethodProducesSamplesAndTheReportRenders(@TempDir Path out) throws Exception {
        SuiteResults results = BenchmarkSuite.run(SuiteSettings.smoke(), SuitePlan.smoke(), line -> { });

        assertThat(results.cells()).hasSize(SuitePlan.smoke().size());
        for (CellResult cell : results.cells().values()) {
            assertThat(cell.failures()).as("failures of %s", cell.cell()).isEmpty();
            assertThat(cell.samples()).as("samples of %s", cell.cell()).isPositive();
        }
        Path report = BenchmarkSuite.writeReport(results, out, "smoke test");
        assertThat(report).content().contains("## Targets (issue 7)", Method.AERON_BACKOFF.label());
        assertThat(out.resolve("benchmarks").resolve("latency-baselines.png")).isNotEmptyFile();
    }
}
