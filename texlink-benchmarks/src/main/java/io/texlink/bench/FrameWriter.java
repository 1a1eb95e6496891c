package io.texlink.bench;

import io.texlink.WritableFrame;

/**
 * What a {@link TexlinkPublisher} puts into each frame between {@code beginFrame} and
 * {@code endFrame}: the {@link FrameHeader} into CPU memory, or GPU work queued before the
 * publish. {@link #write} is the hot path and allocates nothing per frame.
 */
@FunctionalInterface
public interface FrameWriter extends AutoCloseable {

    /** Fills {@code frame} as frame {@code frameId} of {@code phase} (a {@link FrameHeader} phase). */
    void write(WritableFrame frame, long frameId, int phase);

    /** Frees what the writer made; the publisher calls it after closing its server. */
    @Override
    default void close() {
    }
}
