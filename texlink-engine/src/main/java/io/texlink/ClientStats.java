package io.texlink;

/**
 * A snapshot of a client's counters.
 *
 * @param framesAcquired   frames handed to the application
 * @param framesDropped    frames skipped because a newer one arrived first (newest wins)
 * @param lastFrameId      id of the last acquired frame, 0 before the first
 * @param lastAcquireNanos {@code System.nanoTime()} of the last acquire, -1 before the first
 * @param lastNoticeNanos  {@code System.nanoTime()} when the last notification arrived, -1 before the first
 */
public record ClientStats(long framesAcquired, long framesDropped, long lastFrameId, long lastAcquireNanos,
                          long lastNoticeNanos) {
}
