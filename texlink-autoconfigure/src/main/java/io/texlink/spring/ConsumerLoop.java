package io.texlink.spring;

import io.texlink.AcquiredFrame;
import io.texlink.ReconnectingClient;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import java.time.Duration;

/** Hands every frame a client acquires to a {@link FrameConsumer} and releases it afterwards. */
final class ConsumerLoop extends CallbackLoop {
    private static final Log LOG = LogFactory.getLog(ConsumerLoop.class);
    /** A consumer that fails on every frame logs once per this many nanoseconds, not 60 times a second. */
    private static final long FAILURE_LOG_INTERVAL_NANOS = 10_000_000_000L;

    private final String name;
    private final ReconnectingClient client;
    private final FrameConsumer consumer;
    private final long timeoutNanos;
    private long failures;
    private long lastFailureLog = System.nanoTime() - FAILURE_LOG_INTERVAL_NANOS;

    ConsumerLoop(String name, ReconnectingClient client, FrameConsumer consumer, Duration acquireTimeout) {
        super("texlink-consumer-" + name);
        this.name = name;
        this.client = client;
        this.consumer = consumer;
        this.timeoutNanos = acquireTimeout.toNanos();
    }

    @Override
    void run() {
        while (running()) {
            AcquiredFrame frame = client.tryAcquireFrame(timeoutNanos);
            if (frame == null) {
                continue;
            }
            try {
                consumer.accept(frame);
            } catch (RuntimeException e) {
                failed(frame.frameId(), e);
            } finally {
                client.releaseFrame(frame);
            }
        }
    }

    private void failed(long frameId, RuntimeException e) {
        failures++;
        long now = System.nanoTime();
        if (now - lastFailureLog >= FAILURE_LOG_INTERVAL_NANOS) {
            lastFailureLog = now;
            LOG.warn("texlink client " + name + ": the FrameConsumer failed on frame " + frameId + " (" + failures
                    + " failures so far; logged at most every 10 s)", e);
        }
    }
}
