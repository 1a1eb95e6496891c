package io.texlink.cuda;

import io.texlink.Backend;
import io.texlink.FrameDescriptor;
import io.texlink.HandleType;
import io.texlink.backend.DeviceIdentity;
import io.texlink.backend.ExportedBuffer;
import io.texlink.backend.FrameAllocator;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Producer side of the CUDA backend: each buffer of a session is a {@link CudaExportedFrame}, device
 * memory from CUDA's virtual memory management shared as a POSIX file descriptor (wire: backend
 * {@link Backend#CUDA}, handle type OPAQUE_FD), which {@link CudaFrameImporter}s in other processes
 * map on the same GPU.
 *
 * <pre>{@code
 * TexlinkServer server = TexlinkServer.create(ServerOptions.builder("sim", FrameDescriptor.buffer(FrameType.COMPUTE_BUFFER, 64 << 20))
 *         .allocator(() -> CudaFrameAllocator.builder().build()).build());
 * server.start();
 * WritableFrame frame = server.tryBeginFrame();
 * CudaExportedFrame cuda = (CudaExportedFrame) frame.buffer();
 * // launch kernels writing cuda.devicePointer() on cuda.stream()
 * server.endFrame(frame); // waits for cuda.stream(), then notifies consumers
 * }</pre>
 *
 * <p>Memory is linear: textures get the requested stride (the row size where none was requested),
 * and every size is rounded up to the device's VMM granularity (2 MiB on current GPUs); the
 * session's descriptor carries the rounded size. Frames are complete when published (the producer
 * waits for the frame's stream), so no semaphore travels: CUDA cannot export one.
 *
 * <p>The server closes the frames, then the allocator, which closes its own context if it opened one.
 */
public final class CudaFrameAllocator implements FrameAllocator {
    private static final System.Logger LOG = System.getLogger(CudaFrameAllocator.class.getName());

    private final CudaContext context;
    private final boolean ownsContext;
    private final Duration waitTimeout;

    private CudaFrameAllocator(CudaContext context, boolean ownsContext, Duration waitTimeout) {
        this.context = context;
        this.ownsContext = ownsContext;
        this.waitTimeout = waitTimeout;
    }

    /** An allocator on the primary context of a device of its own choosing ({@link Builder#device}), closed with it. */
    public static Builder builder() {
        return new Builder(null);
    }

    /** An allocator on the application's context, which it leaves open. */
    public static Builder builder(CudaContext context) {
        return new Builder(Objects.requireNonNull(context, "context"));
    }

    /** Options of a {@link CudaFrameAllocator}; defaults: device 0, a wait timeout of 10 s. */
    public static final class Builder extends CudaBuilder<Builder> {
        private final CudaContext context;
        private int device;

        private Builder(CudaContext context) {
            this.context = context;
        }

        /** The device ordinal of an allocator with its own context. */
        public Builder device(int ordinal) {
            this.device = ordinal(ordinal);
            return this;
        }

        /** @throws io.texlink.TexlinkUnsupportedException when CUDA is not available here, or there is no such device */
        public CudaFrameAllocator build() {
            CudaAvailability.check().require("CudaFrameAllocator");
            return context != null ? new CudaFrameAllocator(context, false, waitTimeout)
                    : new CudaFrameAllocator(CudaContext.open(device), true, waitTimeout);
        }
    }

    @Override
    public Backend backend() {
        return Backend.CUDA;
    }

    @Override
    public HandleType handleType() {
        return HandleType.OPAQUE_FD;
    }

    @Override
    public Optional<DeviceIdentity> deviceIdentity() {
        return Optional.of(context.identity());
    }

    public CudaContext context() {
        return context;
    }

    /** The shape buffer {@code requested} gets: a stride for textures, the size rounded up to {@code granularity}. */
    static FrameDescriptor shared(FrameDescriptor requested, long granularity) {
        int stride = requested.type().isTexture() && requested.stride() == 0
                ? requested.width() * requested.format().bytesPerPixel() : requested.stride();
        long rows = requested.type().isTexture() ? (long) stride * requested.height() * requested.layers() : 0;
        long size = VmmAllocation.roundUp(Math.max(requested.size(), rows), granularity);
        return new FrameDescriptor(requested.type(), requested.width(), requested.height(), requested.depth(), stride,
                requested.format(), FrameDescriptor.MODIFIER_LINEAR, size);
    }

    @Override
    public ExportedBuffer allocate(int index, FrameDescriptor requested) {
        FrameDescriptor shape = shared(requested, context.vmmGranularity());
        String what = CudaFrame.name(index, shape);
        VmmAllocation allocation = context.call(() -> VmmAllocation.allocate(context, shape.size(), what));
        if (index == 0) {
            LOG.log(Level.INFO, "texlink cuda producer on {0}: {1} as {2}; consumers need no semaphore (frames are complete when published)",
                    context.device(), what, allocation.describe());
        }
        return new CudaExportedFrame(context, what, shape, allocation, waitTimeout);
    }

    /** Closes the allocator's own context (the server closed the frames before). */
    @Override
    public void close() {
        if (ownsContext) {
            context.close();
        }
    }

    @Override
    public String toString() {
        return "CudaFrameAllocator[" + context.device() + "]";
    }
}
