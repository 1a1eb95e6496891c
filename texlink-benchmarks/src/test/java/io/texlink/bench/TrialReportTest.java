package io.texlink.bench;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TrialReportTest {

    @Test
    void consumerReportSurvivesItsLine() {
        Histogram latency = TrialReport.newHistogram();
        latency.recordValue(12_345);
        latency.recordValue(6_789_000);
        TrialReport sent = new TrialReport(2, 1, 0, 64, 5_000_000, 1_000_000_000, latency);

        TrialReport read = TrialReport.parse(sent.toLine());

        assertThat(read).usingRecursiveComparison().ignoringFields("latency").isEqualTo(sent);
        assertThat(read.latency()).isEqualTo(latency);
    }

    @Test
    void producerReportHasNoHistogram() {
        TrialReport sent = new TrialReport(1000, 0, 3, 0, 1, 2, null);

        assertThat(TrialReport.parse(sent.toLine())).isEqualTo(sent);
    }
}
