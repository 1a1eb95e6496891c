package io.texlink.demo.producer;

import io.texlink.WritableFrame;
import io.texlink.pattern.TestPattern;
import io.texlink.spring.FrameProducer;
import org.springframework.stereotype.Component;

/**
 * Writes the test pattern of each frame's id into it: diagonal stripes that drift by one step per
 * frame, with the id in the first 8 bytes, so a consumer can check every frame it gets.
 */
@Component
public class TestPatternProducer implements FrameProducer {
    /** Made on the first frame, from the server's frame shape; only the producer thread touches it. */
    private TestPattern pattern;

    @Override
    public void produce(WritableFrame frame, long frameId) {
        if (pattern == null) {
            pattern = new TestPattern(frame.descriptor());
        }
        pattern.fill(frame.memory(), frameId);
    }
}
