package io.texlink.cli;

import java.util.Arrays;

/** Latency samples of one reporting interval, for p50/p99/max lines. Not thread-safe. */
final class LatencyWindow {
    private final long[] samples = new long[1 << 16];
    private int count;

    void add(long nanos) {
        if (count < samples.length) {
            samples[count++] = nanos;
        }
    }

    /** "p50 41 µs  p99 80 µs  max 130 µs", or "no timestamps" when nothing was recorded; then clears. */
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

    private static String micros(long nanos) {
        return nanos >= 10_000_000 ? (nanos / 1_000_000) + " ms" : (nanos / 1_000) + " µs";
    }
}
