package io.texlink.spring;

import io.texlink.ConnectionState;
import io.texlink.TexlinkServer;
import io.texlink.WritableFrame;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/** Calls a {@link FrameProducer} at a fixed rate and publishes what it wrote. */
final class ProducerLoop extends CallbackLoop {
    private static final Log LOG = LogFactory.getLog(ProducerLoop.class);

    private final String name;
    private final TexlinkServer server;
    private final FrameProducer producer;
    private final long periodNanos;
    private volatile Throwable failure;
    private long failures;

    ProducerLoop(String name, TexlinkServer server, FrameProducer producer, double framesPerSecond) {
        super("texlink-producer-" + name);
        if (!(framesPerSecond > 0)) {
            throw new IllegalArgumentException("texlink.servers." + name + ".publish-rate must be above 0 frames per second"
                    + " for its FrameProducer, got " + framesPerSecond);
        }
        this.name = name;
        this.server = server;
        this.producer = producer;
        this.periodNanos = (long) (1e9 / framesPerSecond);
    }

    /** What the producer threw on the latest frame; empty once a frame succeeds again. */
    Optional<Throwable> failure() {
        return Optional.ofNullable(failure);
    }

    @Override
    void run() {
        long frameId = server.stats().framesPublished() + 1;
        long next = System.nanoTime();
        while (running()) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
                continue;
            }
            // After a stall (GC, a slow frame) resume the rate instead of publishing a burst.
            next = Math.max(next + periodNanos, System.nanoTime() - periodNanos);
            WritableFrame frame = null;
            try {
                frame = server.tryBeginFrame();
                if (frame == null) {
                    continue; // every buffer is held by consumers; the server counts it
                }
                producer.produce(frame, frameId);
                frameId = server.endFrame(frame) + 1;
                failure = null;
            } catch (RuntimeException e) {
                if (server.state() != ConnectionState.LISTENING) {
                    return; // the server was closed under the loop: nothing left to publish on
                }
                server.abortFrame(frame); // skip this frame, keep the rate
                failure = e;
                if (failures++ % 1000 == 0) { // the first failure, then one in a thousand, not one per frame
                    LOG.error("texlink server " + name + ": the FrameProducer failed on frame " + frameId
                            + " (" + failures + " failures so far); that frame is skipped", e);
                }
            }
        }
    }
}
