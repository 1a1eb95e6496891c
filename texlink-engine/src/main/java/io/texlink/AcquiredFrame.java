package io.texlink;

import io.texlink.backend.ImportedBuffer;

import java.lang.foreign.MemorySegment;

/**
 * The newest frame, held by the consumer from {@link TexlinkClient#acquireFrame} until
 * {@link TexlinkClient#releaseFrame}. The producer will not write this buffer while it is held.
 * One object per buffer, reused: read its fields before releasing.
 */
public final class AcquiredFrame {
    private final TexlinkClient owner;
    private final int index;
    private final ImportedBuffer buffer;
    private final FrameDescriptor descriptor;
    /** {@link #publishNanos} until the timestamp is read: only on demand, it costs a system call. */
    static final long NOT_READ = Long.MIN_VALUE;
    long frameId;
    long publishNanos = NOT_READ;
    long acquireNanos;
    volatile boolean held;

    AcquiredFrame(TexlinkClient owner, int index, ImportedBuffer buffer, FrameDescriptor descriptor) {
        this.owner = owner;
        this.index = index;
        this.buffer = buffer;
        this.descriptor = descriptor;
    }

    /** The client (connection) this frame came from. */
    TexlinkClient owner() {
        return owner;
    }

    /** Which of the session's buffers holds this frame (0..2). */
    public int index() {
        return index;
    }

    /** The producer's frame counter: 1 for its first frame, increasing by one per publish. */
    public long frameId() {
        return frameId;
    }

    public FrameDescriptor descriptor() {
        return descriptor;
    }

    /** The frame's bytes, read-only (CPU backends); {@link MemorySegment#NULL} for GPU-only memory. */
    public MemorySegment memory() {
        return buffer.cpuMemory();
    }

    /** The backend's import, for GPU backends: cast to the backend's type to reach its image or memory. */
    public ImportedBuffer buffer() {
        return buffer;
    }

    /**
     * Nanoseconds from the producer's publish to this acquire ({@code System.nanoTime()} is
     * CLOCK_MONOTONIC, shared by all processes of a machine), or -1 when the producer writes no
     * timestamps (a C peer). Read the first time while the frame is held (one {@code pread}); after
     * release an unread latency is -1.
     */
    public long latencyNanos() {
        if (publishNanos == NOT_READ && held) {
            publishNanos = owner.publishNanosOf(index); // the slot of a held frame cannot change
        }
        return publishNanos < 0 ? -1 : acquireNanos - publishNanos;
    }
}
