package io.texlink;

import io.texlink.backend.ExportedBuffer;

import java.lang.foreign.MemorySegment;

/**
 * A buffer the producer may fill, from {@link TexlinkServer#beginFrame()} until
 * {@link TexlinkServer#endFrame(WritableFrame)}. One object per buffer, reused for every frame.
 */
public final class WritableFrame {
    private final int index;
    private final ExportedBuffer buffer;
    boolean writing;

    WritableFrame(int index, ExportedBuffer buffer) {
        this.index = index;
        this.buffer = buffer;
    }

    /** Which of the session's buffers this is (0..2). */
    public int index() {
        return index;
    }

    public FrameDescriptor descriptor() {
        return buffer.descriptor();
    }

    /** The writable bytes (CPU backends); {@link MemorySegment#NULL} for GPU-only memory. */
    public MemorySegment memory() {
        return buffer.cpuMemory();
    }

    /** The backend's buffer, for GPU backends: cast to the backend's type to reach its image or memory. */
    public ExportedBuffer buffer() {
        return buffer;
    }
}
