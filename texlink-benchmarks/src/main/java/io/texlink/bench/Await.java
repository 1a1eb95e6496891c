package io.texlink.bench;

import java.util.function.BooleanSupplier;

/** Polls a condition every millisecond during set-up and tear-down (never on the hot path). */
final class Await {
    private Await() {
    }

    /** True once {@code condition} holds; false when {@code timeoutNanos} passed first. */
    static boolean until(BooleanSupplier condition, long timeoutNanos) {
        long deadline = System.nanoTime() + timeoutNanos;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** {@link #until}, failing with {@code what} when the time runs out. */
    static void orFail(BooleanSupplier condition, long timeoutNanos, String what) {
        if (!until(condition, timeoutNanos)) {
            throw new IllegalStateException("timed out after " + timeoutNanos / 1_000_000 + " ms waiting for " + what);
        }
    }
}
