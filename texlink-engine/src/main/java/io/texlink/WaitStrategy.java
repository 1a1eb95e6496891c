package io.texlink;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * How a consumer waits for the next frame: the trade between latency and CPU is the
 * application's (modelled on agrona's {@code IdleStrategy}).
 *
 * <ul>
 *   <li>{@link #blocking()} (default): the thread sleeps in {@code poll(2)} on the socket. No CPU
 *       while waiting; each frame costs one thread wake-up.</li>
 *   <li>{@link #busySpin()}: checks the socket without sleeping. Lowest latency, one core busy.</li>
 *   <li>{@link #backoff()}: spins, then yields, then parks for growing pauses up to 1 ms.</li>
 *   <li>{@link #sleeping(Duration)}: parks for a fixed pause between checks.</li>
 * </ul>
 * Implementations are stateless and may be shared between clients.
 */
public interface WaitStrategy {

    /** True when the client should sleep in poll(2) instead of calling {@link #idle}. */
    default boolean blocksOnSocket() {
        return false;
    }

    /**
     * Called after {@code emptyChecks} consecutive checks found no frame (1, 2, 3, ...).
     * Must return quickly; the caller checks again afterwards.
     */
    void idle(int emptyChecks);

    static WaitStrategy blocking() {
        return Blocking.INSTANCE;
    }

    static WaitStrategy busySpin() {
        return emptyChecks -> Thread.onSpinWait();
    }

    static WaitStrategy backoff() {
        return emptyChecks -> {
            if (emptyChecks < 64) {
                Thread.onSpinWait();
            } else if (emptyChecks < 128) {
                Thread.yield();
            } else {
                LockSupport.parkNanos(Math.min(1_000L << Math.min(emptyChecks - 128, 10), 1_000_000L));
            }
        };
    }

    static WaitStrategy sleeping(Duration pause) {
        long nanos = pause.toNanos();
        if (nanos <= 0) {
            throw new IllegalArgumentException("pause must be positive, got " + pause);
        }
        return emptyChecks -> LockSupport.parkNanos(nanos);
    }

    /**
     * Parses a configuration value: {@code blocking}, {@code busy-spin}, {@code backoff}, or
     * {@code sleeping} (100 µs pauses).
     */
    static WaitStrategy named(String name) {
        return switch (name.trim().toLowerCase(java.util.Locale.ROOT).replace('_', '-')) {
            case "blocking" -> blocking();
            case "busy-spin", "busyspin", "spin" -> busySpin();
            case "backoff" -> backoff();
            case "sleeping" -> sleeping(Duration.ofNanos(100_000));
            default -> throw new IllegalArgumentException("unknown wait strategy '" + name
                    + "': use blocking, busy-spin, backoff or sleeping");
        };
    }

    /** The poll(2)-based default. */
    enum Blocking implements WaitStrategy {
        INSTANCE;

        @Override
        public boolean blocksOnSocket() {
            return true;
        }

        @Override
        public void idle(int emptyChecks) {
            // never called: the client polls the socket instead
        }
    }
}
