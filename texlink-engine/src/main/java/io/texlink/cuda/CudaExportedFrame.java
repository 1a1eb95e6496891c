package io.texlink.cuda;

import io.texlink.FrameDescriptor;
import io.texlink.backend.ExportedBuffer;

import java.time.Duration;

/**
 * A frame a {@link CudaFrameAllocator} made (what {@link io.texlink.WritableFrame#buffer()}
 * returns): linear device memory from CUDA's virtual memory management, shared with consumers as
 * a POSIX file descriptor. Write it on {@link #stream()} (or make that stream wait for your work):
 * ending the frame waits for the stream before consumers are told, so they need no semaphore.
 */
public final class CudaExportedFrame extends CudaFrame implements ExportedBuffer {
    private final VmmAllocation allocation;

    CudaExportedFrame(CudaContext context, String name, FrameDescriptor descriptor, VmmAllocation allocation,
                      Duration waitTimeout) {
        super(context, name, descriptor, allocation, waitTimeout);
        this.allocation = allocation;
    }

    @Override
    public int exportDescriptor() {
        return allocation.exportedDescriptor();
    }

    /** Waits for the frame's stream; returns 0 (the frame is complete when published). */
    @Override
    public long endWrite() {
        synchronize();
        return 0;
    }
}
