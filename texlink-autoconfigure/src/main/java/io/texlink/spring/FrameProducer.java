package io.texlink.spring;

import io.texlink.WritableFrame;

/**
 * Fills the frames of one server at its {@code texlink.servers.<name>.publish-rate}. Declare it as
 * a bean named after the session ({@code @Bean FrameProducer cam()}); the bean name may be
 * anything when the application has one server and one producer.
 *
 * <p>Called on the server's own producer thread ({@code texlink-producer-<name>}), one frame at a
 * time; each frame is published when the method returns. A tick on which every buffer is held by
 * consumers is skipped (counted as unavailable in the server's stats). If the method throws, the
 * server stops publishing and its health turns DOWN with the exception.
 */
@FunctionalInterface
public interface FrameProducer {

    /**
     * Writes the next frame.
     *
     * @param frame   the buffer to fill; {@link WritableFrame#memory()} for CPU backends
     * @param frameId the id consumers will see for this frame (1 for the first), as long as this
     *                producer is the only one publishing on the server
     */
    void produce(WritableFrame frame, long frameId);
}
