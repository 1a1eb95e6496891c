package io.texlink.bench;

import java.time.Duration;

/**
 * How long the suite runs each trial and how many rounds it makes.
 *
 * @param name              "full", "quick" or "smoke", printed in the report
 * @param rounds            times every cell runs; rounds interleave the cells (A, B, C, A, B, C, ...)
 * @param warmup            flat-out publishing before the measured phase, discarded (JIT warm-up)
 * @param measure           the measured phase of a trial
 * @param minMeasuredFrames slow paces measure longer than {@code measure} to get at least this many frames
 * @param slack             how long a trial may take beyond its warm-up and measured phase (JVM starts,
 *                          connections, exits) before it fails; also the wait for the producer to listen
 * @param budget            the suite starts no trial that would likely end after this much time since it
 *                          began (such cells are recorded as not run); {@link Duration#ZERO} for no limit
 */
public record SuiteSettings(String name, int rounds, Duration warmup, Duration measure, int minMeasuredFrames,
                            Duration slack, Duration budget) {
    private static final Duration CPU_SLACK = Duration.ofSeconds(120);

    /** The suite whose results docs/benchmarks.md shows: about 12 minutes on 2 cores. */
    public static SuiteSettings full() {
        return new SuiteSettings("full", 3, Duration.ofSeconds(2), Duration.ofSeconds(2), 300, CPU_SLACK, Duration.ZERO);
    }

    /** One short round, about 2 minutes: for checking the harness, not for quoting. */
    public static SuiteSettings quick() {
        return new SuiteSettings("quick", 1, Duration.ofMillis(1500), Duration.ofMillis(700), 60, CPU_SLACK, Duration.ZERO);
    }

    /** A fraction of a second per trial: proves every method produces samples (the build's smoke test). */
    public static SuiteSettings smoke() {
        return new SuiteSettings("smoke", 1, Duration.ofMillis(200), Duration.ofMillis(200), 20, CPU_SLACK, Duration.ZERO);
    }

    /** Nanoseconds of the measured phase of {@code cell}: {@link #measure}, longer at slow paces. */
    long measureNanos(Cell cell) {
        long nanos = measure.toNanos();
        return cell.rate() == 0 ? nanos : Math.max(nanos, minMeasuredFrames * 1_000_000_000L / cell.rate());
    }
}
