package io.texlink.spring.health;

import java.time.Duration;
import java.util.Optional;

/** How long ago a {@code System.nanoTime()} stamp of the engine's stats was; the engine writes -1 for never. */
final class FrameAge {
    private FrameAge() {
    }

    static Optional<Duration> since(long nanoTime) {
        return nanoTime < 0 ? Optional.empty() : Optional.of(Duration.ofNanos(System.nanoTime() - nanoTime));
    }
}
