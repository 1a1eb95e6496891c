package io.texlink.demo.consumer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.texlink.AcquiredFrame;
import io.texlink.FrameDescriptor;
import io.texlink.pattern.TestPattern;
import io.texlink.spring.FrameConsumer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.stereotype.Component;

/**
 * Checks every acquired frame against the test pattern of its id and counts the result in
 * {@code texlink.demo.frames.verified} and {@code texlink.demo.frame.errors}; keeps a copy of the
 * newest frame for the page.
 */
@Component
public class FrameVerifier implements FrameConsumer {
    private static final Log LOG = LogFactory.getLog(FrameVerifier.class);

    private final LatestFrame latest;
    private final Counter verified;
    private final Counter errors;
    private volatile String lastError;
    /** Only the consumer thread touches these. */
    private FrameDescriptor patternShape;
    private TestPattern pattern;

    public FrameVerifier(LatestFrame latest, MeterRegistry registry) {
        this.latest = latest;
        this.verified = Counter.builder("texlink.demo.frames.verified")
                .description("Frames that matched the test pattern of their id").register(registry);
        this.errors = Counter.builder("texlink.demo.frame.errors")
                .description("Frames that did not match the test pattern of their id").register(registry);
    }

    @Override
    public void accept(AcquiredFrame frame) {
        if (!frame.descriptor().equals(patternShape)) {
            patternShape = frame.descriptor(); // a restarted producer may have another size
            pattern = new TestPattern(patternShape);
        }
        String wrong = pattern.verify(frame.memory(), frame.frameId(), false);
        if (wrong == null) {
            verified.increment();
        } else {
            errors.increment();
            lastError = "frame " + frame.frameId() + ": " + wrong;
            LOG.warn("bad frame: " + lastError);
        }
        latest.offer(frame);
    }

    /** Frames that matched so far. */
    public long verifiedCount() {
        return (long) verified.count();
    }

    /** Frames that did not match so far. */
    public long errorCount() {
        return (long) errors.count();
    }

    /** What was wrong with the last bad frame, or null. */
    public String lastError() {
        return lastError;
    }
}
