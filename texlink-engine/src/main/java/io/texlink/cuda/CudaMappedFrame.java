package io.texlink.cuda;

import io.texlink.backend.ExportedBuffer;

import java.time.Duration;

/**
 * A frame another backend allocated and exported (e.g. a Vulkan image or buffer) that this process
 * writes with CUDA, made by {@link CudaMappedFrameAllocator}: the memory is imported into CUDA in
 * this process, consumers receive the other backend's frame unchanged.
 *
 * <p>Write it on {@link #stream()}; ending the frame waits for that stream, then lets the other
 * backend finish the frame (e.g. Vulkan signals its timeline), so consumers see CUDA's writes.
 * {@link #delegate()} is the other backend's frame, for work of your own there.
 */
public final class CudaMappedFrame extends CudaFrame implements ExportedBuffer {
    private final ExportedBuffer delegate;

    CudaMappedFrame(CudaContext context, String name, ExportedBuffer delegate, ExternalMemory memory, Duration waitTimeout) {
        super(context, name, delegate.descriptor(), memory, waitTimeout);
        this.delegate = delegate;
    }

    /** The other backend's frame (cast to its type, e.g. {@code VulkanImage}). */
    public ExportedBuffer delegate() {
        return delegate;
    }

    @Override
    public int exportDescriptor() {
        return delegate.exportDescriptor();
    }

    @Override
    public void beginWrite() {
        delegate.beginWrite();
    }

    /** Waits for the frame's stream, then ends the write on the other backend and returns its sync value. */
    @Override
    public long endWrite() {
        synchronize();
        return delegate.endWrite();
    }

    /** Closing frees the CUDA import, then closes the other backend's frame. */
    @Override
    void released() {
        delegate.close();
    }
}
