package io.texlink.cuda;

import io.texlink.Backend;
import io.texlink.FrameDescriptor;
import io.texlink.HandleType;
import io.texlink.TexlinkUnsupportedException;
import io.texlink.backend.DeviceIdentity;
import io.texlink.backend.ExportedBuffer;
import io.texlink.backend.FrameAllocator;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A producer that writes with CUDA into frames another GPU backend allocates and exports: the
 * frames are the other backend's (a Vulkan image or buffer, shared as OPAQUE_FD), and each is
 * imported into CUDA in this process as a {@link CudaMappedFrame}. Consumers see the other
 * backend's session unchanged (e.g. Backend VULKAN with its timeline semaphore), so Vulkan, GL
 * and CUDA consumers all read what CUDA wrote.
 *
 * <pre>{@code
 * VulkanContext vk = VulkanContext.create();
 * ServerOptions options = ServerOptions.builder("cuda-tex", FrameDescriptor.texture2d(1920, 1080, PixelFormat.ABGR8888))
 *         .allocator(() -> CudaMappedFrameAllocator.builder(VulkanFrameAllocator.builder(vk).build()).build())
 *         .build();
 * WritableFrame frame = server.tryBeginFrame();
 * CudaMappedFrame cuda = (CudaMappedFrame) frame.buffer();
 * // write cuda.array() (optimal-tiled image) or cuda.devicePointer() on cuda.stream()
 * server.endFrame(frame); // waits for cuda.stream(), then the Vulkan frame signals its timeline
 * }</pre>
 *
 * <p>CUDA writes the memory outside Vulkan's image layout tracking: a Vulkan image must be in
 * texlink's hand-off state (layout GENERAL, released to the external queue family) when CUDA writes
 * it. Frames that have been through a hand-off (e.g. {@code VulkanFrame.upload} once) are; buffers
 * have no layout. Optimal-tiled images map as arrays with {@link Builder#arrayFlags} and
 * {@link Builder#dedicatedAllocation} as in {@link CudaFrameImporter}.
 *
 * <p>Takes ownership of the other allocator: closes it with itself (also when {@link Builder#build()}
 * fails).
 */
public final class CudaMappedFrameAllocator implements FrameAllocator {
    private static final System.Logger LOG = System.getLogger(CudaMappedFrameAllocator.class.getName());

    private final FrameAllocator delegate;
    private final CudaContext context;
    private final boolean ownsContext;
    private final int arrayFlags;
    private final DedicatedAllocation dedicated;
    private final Duration waitTimeout;

    private CudaMappedFrameAllocator(Builder b, CudaContext context, boolean ownsContext) {
        this.delegate = b.delegate;
        this.context = context;
        this.ownsContext = ownsContext;
        this.arrayFlags = b.arrayFlags;
        this.dedicated = b.dedicated;
        this.waitTimeout = b.waitTimeout;
    }

    /** Maps the frames {@code delegate} allocates into CUDA (on the primary context of its GPU unless {@link Builder#context} is given). */
    public static Builder builder(FrameAllocator delegate) {
        return new Builder(Objects.requireNonNull(delegate, "delegate"));
    }

    /** Options of a {@link CudaMappedFrameAllocator}; defaults as in {@link CudaFrameImporter}. */
    public static final class Builder extends CudaImportBuilder<Builder> {
        private final FrameAllocator delegate;
        private CudaContext context;

        private Builder(FrameAllocator delegate) {
            this.delegate = delegate;
        }

        /** The application's context (left open), on the other backend's GPU. */
        public Builder context(CudaContext value) {
            this.context = Objects.requireNonNull(value);
            return this;
        }

        /**
         * @throws TexlinkUnsupportedException without CUDA, for CPU or CUDA allocators, or when the
         *                                     other backend's GPU is not a CUDA device here
         */
        public CudaMappedFrameAllocator build() {
            try {
                CudaAvailability.check().require("CudaMappedFrameAllocator");
                Optional<DeviceIdentity> gpu = delegate.deviceIdentity();
                if (delegate.backend() == Backend.CPU || delegate.backend() == Backend.CUDA || gpu.isEmpty()) {
                    throw new TexlinkUnsupportedException("CudaMappedFrameAllocator maps another GPU backend's frames into CUDA;"
                            + " a " + delegate.backend() + " allocator" + (gpu.isEmpty() ? " that names no GPU" : "")
                            + " cannot be mapped (use CudaFrameAllocator for CUDA-made frames)");
                }
                if (context == null) {
                    return new CudaMappedFrameAllocator(this, CudaContext.open(CudaDevice.withUuidOf(gpu.get())), true);
                }
                if (!context.device().sameDeviceAs(gpu.get())) {
                    throw new TexlinkUnsupportedException("the " + delegate.backend() + " allocator's frames live on GPU "
                            + CudaDevice.uuidText(gpu.get().deviceUuid()) + ", but the CUDA context is on " + context.device());
                }
                return new CudaMappedFrameAllocator(this, context, false);
            } catch (RuntimeException e) {
                delegate.close();
                throw e;
            }
        }
    }

    @Override
    public Backend backend() {
        return delegate.backend();
    }

    @Override
    public HandleType handleType() {
        return delegate.handleType();
    }

    @Override
    public HandleType syncHandleType() {
        return delegate.syncHandleType();
    }

    @Override
    public int syncDescriptor() {
        return delegate.syncDescriptor();
    }

    @Override
    public Optional<DeviceIdentity> deviceIdentity() {
        return delegate.deviceIdentity();
    }

    public CudaContext context() {
        return context;
    }

    /** Allocates buffer {@code index} with the other backend and maps it into CUDA. */
    @Override
    public ExportedBuffer allocate(int index, FrameDescriptor requested) {
        ExportedBuffer buffer = delegate.allocate(index, requested);
        try {
            FrameDescriptor d = buffer.descriptor();
            String what = CudaFrame.name(index, d);
            switch (delegate.handleType()) {
                case OPAQUE_FD -> {
                }
                case DMA_BUF_FD -> throw ExternalMemory.dmaBufUnsupported(what);
                default -> throw new TexlinkUnsupportedException(what + ": CUDA cannot import " + delegate.handleType() + " memory");
            }
            ExternalMemory memory = context.call(() -> ExternalMemory.importAndMap(buffer.exportDescriptor(), d.size(),
                    d.type().isTexture() && d.stride() == 0 ? CudaArrayShape.of(d, arrayFlags) : null, dedicated, what));
            if (index == 0) {
                LOG.log(Level.INFO, "texlink cuda producer on {0}: {1} frames of the {2} allocator, written by CUDA through {3}",
                        context.device(), what, delegate.backend(), memory.describe());
            }
            return new CudaMappedFrame(context, what, buffer, memory, waitTimeout);
        } catch (RuntimeException e) {
            buffer.close();
            throw e;
        }
    }

    /** Closes the other allocator, then the own context (the server closed the frames before). */
    @Override
    public void close() {
        try {
            delegate.close();
        } finally {
            if (ownsContext) {
                context.close();
            }
        }
    }
}
