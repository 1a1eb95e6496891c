package io.texlink.it;

import io.texlink.TexlinkServer;
import io.texlink.WritableFrame;
import io.texlink.pattern.TestPattern;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/** Publishes the test pattern from its own thread, as an application's producer loop would. */
public final class PublishingThread implements AutoCloseable {
    private final TexlinkServer server;
    private final long periodNanos;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicBoolean paused = new AtomicBoolean();
    private volatile boolean idle;
    private volatile long published;
    private volatile long maxGapNanos;
    private final Thread thread;

    public PublishingThread(TexlinkServer server, Duration period) {
        this.server = server;
        this.periodNanos = period.toNanos();
        this.thread = Thread.ofPlatform().daemon().name("test-publisher").unstarted(this::run);
    }

    public void start() {
        thread.start();
    }

    public long published() {
        return published;
    }

    /** Longest time between two successful publishes: how long the producer was ever stalled. */
    public Duration maxGap() {
        return Duration.ofNanos(maxGapNanos);
    }

    /** Stops publishing and waits until the loop is idle. */
    public void pauseAndWait() {
        paused.set(true);
        while (!idle) {
            LockSupport.parkNanos(100_000);
        }
    }

    private void run() {
        TestPattern pattern = new TestPattern(server.meta().descriptor());
        long id = 1;
        long last = System.nanoTime();
        while (running.get()) {
            idle = paused.get();
            if (!idle) {
                WritableFrame f = server.tryBeginFrame();
                if (f != null) {
                    pattern.fill(f.memory(), id);
                    id = server.endFrame(f) + 1;
                    published++;
                    long now = System.nanoTime();
                    maxGapNanos = Math.max(maxGapNanos, now - last);
                    last = now;
                }
            }
            LockSupport.parkNanos(periodNanos);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(5_000);
    }
}
