package io.texlink;

import java.time.Duration;

/**
 * Pauses between reconnect attempts: {@code initial}, doubling up to {@code max}.
 *
 * @param initial first pause after a failed attempt
 * @param max     longest pause
 */
public record Backoff(Duration initial, Duration max) {
    public Backoff {
        if (initial == null || max == null || initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("back-off needs 0 < initial <= max, got " + initial + " and " + max);
        }
    }

    /** 100 ms doubling to 5 s. */
    public static Backoff standard() {
        return new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));
    }

    /** The pause after {@code failures} consecutive failed attempts (1, 2, ...). */
    public Duration pauseAfter(int failures) {
        long nanos = initial.toNanos();
        for (int i = 1; i < failures && nanos < max.toNanos(); i++) {
            nanos *= 2;
        }
        return Duration.ofNanos(Math.min(nanos, max.toNanos()));
    }
}
