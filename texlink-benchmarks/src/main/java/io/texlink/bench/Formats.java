package io.texlink.bench;

import java.util.Locale;

/** How numbers appear in the log and the report: the same text in both. */
public final class Formats {
    private Formats() {
    }

    /** Nanoseconds as microseconds with one decimal: "12.3". */
    public static String micros(double nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1000.0);
    }

    /** A ratio with two decimals: "1.37×". */
    public static String ratio(double value) {
        return String.format(Locale.ROOT, "%.2f×", value);
    }

    /** A rate or count with no decimals: "59940". */
    public static String whole(double value) {
        return String.format(Locale.ROOT, "%.0f", value);
    }

    /** A share as a percentage with one decimal: "12.5 %". */
    static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f %%", share * 100);
    }

    /** Bytes per frame with one decimal: "0.0". */
    static String bytes(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }

    /** One trial for the log: its consumers' latency percentiles and the counters. */
    static String summary(Cell cell, TrialOutcome outcome) {
        CellResult one = new CellResult(cell);
        one.add(outcome);
        return "p50 " + micros(one.percentileNanos(50)) + " µs, p99 " + micros(one.percentileNanos(99)) + " µs, p99.9 "
                + micros(one.percentileNanos(99.9)) + " µs, max " + micros(one.maxNanos()) + " µs, " + one.samples()
                + " samples, " + whole(one.publishedPerSecond()) + " published/s, " + whole(one.skippedPerSecondPerConsumer())
                + " skipped/s per consumer, " + bytes(one.producerBytesPerFrame()) + "/" + bytes(one.consumerBytesPerFrame())
                + " B/frame allocated (producer/consumer)";
    }
}
