package io.texlink.backend;

import io.texlink.Backend;
import io.texlink.FrameDescriptor;
import io.texlink.HandleType;

/**
 * Producer side of a backend: makes the buffers a session shares and exports each as a file
 * descriptor. The server calls it from the thread that starts the session.
 */
public interface FrameAllocator extends AutoCloseable {
    /** The backend written into the handshake meta. */
    Backend backend();

    /** How buffers travel: {@link HandleType#OPAQUE_FD} or {@link HandleType#DMA_BUF_FD}. */
    HandleType handleType();

    /**
     * Sync object consumers wait on: {@link HandleType#UNKNOWN} (none: frames are complete when
     * published, e.g. CPU memory or a producer that waited on a fence) or
     * {@link HandleType#OPAQUE_FD} (a timeline semaphore shared once per connection, texlink's
     * extension; the per-frame value travels in the notification's sync value).
     */
    default HandleType syncHandleType() {
        return HandleType.UNKNOWN;
    }

    /**
     * The shared timeline semaphore's descriptor, sent after the buffers when
     * {@link #syncHandleType()} is OPAQUE_FD; stays owned by the allocator.
     */
    default int syncDescriptor() {
        throw new IllegalStateException(backend() + " allocator shares no sync object");
    }

    /** The GPU that owns the memory, written into the control block for consumers to check; empty for CPU memory. */
    default java.util.Optional<DeviceIdentity> deviceIdentity() {
        return java.util.Optional.empty();
    }

    /**
     * Allocates buffer {@code index} for frames of {@code requested} shape. The returned buffer's
     * descriptor may differ in size or stride where the driver pads.
     */
    ExportedBuffer allocate(int index, FrameDescriptor requested);

    /** Releases what the allocator itself holds (devices, heaps); buffers are closed separately. */
    @Override
    default void close() {
    }
}
