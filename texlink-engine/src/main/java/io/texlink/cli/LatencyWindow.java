package io.texlink.cli;

import java.util.Arrays;

/** Latency samples of one reporting interval, for p50/p99/max lines. Not thread-safe. */
final class LatencyWindow {
    private final long[] samples = new long[1 << 16];
    private final String microseconds;
    private int count;

    /** @param microseconds the unit printed for microseconds ({@link TerminalText#microseconds}) */
    LatencyWindow(String microseconds) {
        this.microseconds = microseconds;
    }

    void add(long nanos) {
        if (count < samples.length) {
            samples[count++] = nanos;
        }
    }

    /** "latency p50 41 µs  p99 80 µs  max 130 µs", or "latency n/a" when nothing was recorded; then clears. */
    String summarizeAndClear() {
        if (count == 0) {
            return "latency n/a";
        }
        Arrays.sort(samples, 0, count);
        String s = "latency p50 " + micros(samples[(int) (count * 0.50)]) + "  p99 " + micros(samples[Math.min(count - 1, (int) (count * 0.99))])
                + "  max " + micros(samples[count - 1]);
        count = 0;
        return s;
    }

    private String micros(long nanos) {
        return nanos >= 10_000_000 ? (nanos / 1_000_000) + " ms" : (nanos / 1_000) + " " + microseconds;
    }
}
