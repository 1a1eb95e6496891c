package io.texlink.bench;

import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Suite results made up for tests of the reports, with the harness's own types and histograms. */
public final class SyntheticResults {
    /** The machine every synthetic run claims. */
    public static final MachineInfo MACHINE = new MachineInfo(16, "Test CPU", true, "6.1.0-test", 131_072_000,
            "Test JDK 25", "sealed memfd");

    private SyntheticResults() {
    }

    /**
     * One round of {@code cell}: a producer that published {@code published} frames in one second, a
     * consumer that took in one frame for each latency and skipped {@code skipped}.
     */
    public static CellResult measured(Cell cell, long published, long skipped, long... latencyNanos) {
        Histogram latency = TrialReport.newHistogram();
        for (long nanos : latencyNanos) {
            latency.recordValue(nanos);
        }
        CellResult result = new CellResult(cell);
        result.add(new TrialOutcome(new TrialReport(published, 0, 0, 0, 0, 1_000_000_000L, null),
                List.of(new TrialReport(latencyNanos.length, skipped, 0, 0, 0, 1_000_000_000L, latency))));
        return result;
    }

    /** A cell none of whose trials produced samples, for the reasons given. */
    public static CellResult failed(Cell cell, String... reasons) {
        CellResult result = new CellResult(cell);
        for (String reason : reasons) {
            result.addFailure(reason);
        }
        return result;
    }

    /** A run of {@code settings} over these cells, started at {@code started}, taking {@code duration}. */
    public static SuiteResults run(SuiteSettings settings, Instant started, Duration duration, CellResult... cells) {
        Map<Cell, CellResult> byCell = new LinkedHashMap<>();
        for (CellResult c : cells) {
            byCell.put(c.cell(), c);
        }
        return new SuiteResults(settings, MACHINE, byCell, started, duration);
    }
}
