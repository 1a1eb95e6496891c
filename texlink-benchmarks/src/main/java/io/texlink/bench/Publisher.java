package io.texlink.bench;

import java.io.IOException;

/**
 * The producer side of one {@link Method}, in the producer JVM. {@link #tryPublish} is the hot
 * path: implementations reuse their buffers and allocate nothing per frame.
 */
interface Publisher extends AutoCloseable {

    /** Blocks until {@code consumers} consumers are connected, or fails after {@code timeoutNanos}. */
    void awaitConsumers(int consumers, long timeoutNanos) throws IOException;

    /**
     * Sends one frame stamped with {@link FrameHeader}. Returns false, having sent nothing, when
     * the method has no room now (texlink: no free buffer; Aeron: back pressure); the caller retries.
     */
    boolean tryPublish(long frameId, int phase) throws IOException;

    /**
     * After the {@link FrameHeader#END} frame: waits up to {@code timeoutNanos} until the consumers
     * left, where closing first would take the frames from under them.
     */
    default void awaitConsumersGone(long timeoutNanos) {
    }

    @Override
    void close() throws IOException;
}
