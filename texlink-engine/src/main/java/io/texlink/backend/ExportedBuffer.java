package io.texlink.backend;

import io.texlink.FrameDescriptor;

import java.lang.foreign.MemorySegment;

/** One buffer a producer owns and shares; closing it frees the memory and its descriptor. */
public interface ExportedBuffer extends AutoCloseable {
    /** Descriptor sent to each consumer (a copy travels; this one stays owned by the buffer). */
    int exportDescriptor();

    /** Actual shape of the buffer. */
    FrameDescriptor descriptor();

    /** Writable CPU view, or {@link MemorySegment#NULL} where the memory is not CPU-mapped. */
    MemorySegment cpuMemory();

    /** Called before the producer writes a frame into this buffer (DMA-BUF cache sync). */
    default void beginWrite() {
    }

    /**
     * Called after the producer wrote, before the frame is published.
     *
     * @return the sync value consumers wait for before reading (the timeline value the producer's
     *         GPU signals when its writes are done), or 0 when the frame is complete already
     */
    default long endWrite() {
        return 0;
    }

    /**
     * Called instead of {@link #endWrite()} when the producer gives the frame back unpublished:
     * end any CPU-access bracket, but signal nothing to consumers.
     */
    default void abortWrite() {
    }

    @Override
    void close();
}
