package io.texlink.spring;

import io.texlink.AcquiredFrame;

/**
 * Receives each frame a client acquires. Declare it as a bean named after the client
 * ({@code @Bean FrameConsumer preview()}); the bean name may be anything when the application
 * has one client and one consumer.
 *
 * <p>Called on the client's own consumer thread ({@code texlink-consumer-<name>}), one frame at a
 * time; the frame is released when the method returns, so copy what you need to keep. Frames
 * that arrive meanwhile are skipped, newest wins. An exception is logged and the next frame still
 * comes.
 */
@FunctionalInterface
public interface FrameConsumer {

    /**
     * Uses a frame; it stays valid and unchanged until this method returns.
     *
     * @param frame the newest frame: its id, descriptor, {@link AcquiredFrame#memory()} and latency
     */
    void accept(AcquiredFrame frame);
}
