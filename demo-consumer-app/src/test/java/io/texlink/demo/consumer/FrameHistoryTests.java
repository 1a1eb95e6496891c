package io.texlink.demo.consumer;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The live page's last minute: seconds, their frame counts and latency percentiles. */
class FrameHistoryTests {
    private static final long START = 1_800_000_000_000L; // a whole second, in epoch milliseconds

    private final FrameHistory history = new FrameHistory();

    @Test
    void eachWholeSecondHasItsFramesAndPercentiles() {
        for (int i = 1; i <= 100; i++) {
            history.record(i * 1_000_000L, START + i * 5); // 1..100 ms, within the first second
        }
        history.record(-1, START + 1_500); // a frame without a timestamp
        List<FrameHistory.Second> minute = history.lastMinute(START + 2_000);

        assertThat(minute).hasSize(FrameHistory.SECONDS);
        assertThat(minute.getLast().second()).isEqualTo(START / 1000 + 1);
        FrameHistory.Second first = minute.get(minute.size() - 2);
        assertThat(first.frames()).isEqualTo(100);
        assertThat(first.p50Ms()).isEqualTo(50.0);
        assertThat(first.p99Ms()).isEqualTo(99.0);
        assertThat(minute.getLast()).isEqualTo(new FrameHistory.Second(START / 1000 + 1, 1, null, null));
    }

    @Test
    void secondsWithoutFramesAreZeroAndAMinuteLaterEverythingIsGone() {
        history.record(2_000_000, START);
        history.record(2_000_000, START + 10_000);
        List<FrameHistory.Second> minute = history.lastMinute(START + 11_000);
        assertThat(minute.stream().mapToLong(FrameHistory.Second::frames).sum()).isEqualTo(2);
        assertThat(minute.get(minute.size() - 5).frames()).isZero();
        assertThat(minute.get(minute.size() - 5).p50Ms()).isNull();

        assertThat(history.lastMinute(START + 71_000).stream().mapToLong(FrameHistory.Second::frames).sum()).isZero();
    }
}
