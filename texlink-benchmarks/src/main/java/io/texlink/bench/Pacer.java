package io.texlink.bench;

import java.util.concurrent.locks.LockSupport;

/**
 * Spaces publishes {@code 1/rate} apart by parking (a spinning producer would take the consumer's
 * core on a 2-core machine). A late producer does not burst to catch up: the next frame is due a
 * period after the late one, so no frame waits in a queue behind another.
 */
final class Pacer {
    private final long periodNanos;
    private long due;

    /** @param rate frames per second; 0 for no pacing (flat out) */
    Pacer(int rate) {
        this.periodNanos = rate == 0 ? 0 : 1_000_000_000L / rate;
    }

    /** Starts the schedule: the first frame is due one period after {@code nowNanos}. */
    void start(long nowNanos) {
        due = nowNanos;
    }

    /** Returns when the next frame is due. Allocation-free. */
    void awaitNext() {
        if (periodNanos == 0) {
            return;
        }
        due = Math.max(due + periodNanos, System.nanoTime());
        long wait;
        while ((wait = due - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
        }
    }
}
