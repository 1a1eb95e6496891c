package io.texlink.backend;

import java.lang.foreign.MemorySegment;

/** One received buffer on the consumer side; closing it unmaps or destroys the import. */
public interface ImportedBuffer extends AutoCloseable {
    /** Read-only CPU view, or {@link MemorySegment#NULL} where the memory is not CPU-mapped. */
    MemorySegment cpuMemory();

    /**
     * Called after the frame is acquired, before the application reads it.
     *
     * @param syncValue the timeline value the producer signals when the frame is complete (from
     *                  the notification), 0 when there is nothing to wait for
     */
    default void beginRead(long syncValue) {
    }

    /** Called when the application releases the frame. */
    default void endRead() {
    }

    @Override
    void close();
}
