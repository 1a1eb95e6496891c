package io.texlink.vulkan;

import io.texlink.Backend;
import io.texlink.FrameDescriptor;
import io.texlink.FrameType;
import io.texlink.HandleType;
import io.texlink.TexlinkUnsupportedException;
import io.texlink.backend.ContextSource;
import io.texlink.backend.DeviceIdentity;
import io.texlink.backend.ExportedBuffer;
import io.texlink.backend.FrameAllocator;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.vulkan.VK10;
import org.lwjgl.vulkan.VkFenceCreateInfo;

import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntFunction;

import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.system.MemoryUtil.NULL;
import static org.lwjgl.vulkan.VK10.vkCreateFence;

/**
 * Producer side of the Vulkan backend: each buffer of a session is a {@link VulkanImage}
 * (textures) or {@link VulkanBuffer} (vertex, compute, raw) whose memory is exported, and one
 * sync mode makes frames safe to publish.
 *
 * <pre>{@code
 * VulkanContext vk = VulkanContext.create();
 * TexlinkServer server = TexlinkServer.create(ServerOptions.builder("cam", FrameDescriptor.texture2d(1920, 1080, PixelFormat.ABGR8888))
 *         .allocator(() -> VulkanFrameAllocator.builder(vk).build()).build());
 * server.start();
 * WritableFrame frame = server.tryBeginFrame();
 * VulkanImage image = (VulkanImage) frame.buffer();
 * image.upload(pixels);            // or render: recordAcquire, your commands, recordRelease, submit to vk.queue()
 * server.endFrame(frame);          // signals the timeline (or waits on a fence) and notifies consumers
 * }</pre>
 *
 * <p>Memory travels as DMA-BUF (with DRM format modifiers) where the device has
 * {@code VK_EXT_external_memory_dma_buf} and the frame can be described by one, else as
 * OPAQUE_FD; {@link Builder#memoryHandle} forces one. Frames sync with a timeline semaphore
 * shared once per connection where the device exports one, else the producer waits on a fence in
 * {@code endFrame}; {@link #syncMode()} says which, and the choice is logged.
 *
 * <p>The server closes the allocator after the frames. An allocator made with
 * {@link #builder(VulkanContext.Options)} owns its context and closes it too; one made with
 * {@link #builder(VulkanContext)} leaves the context to the application.
 */
public final class VulkanFrameAllocator implements FrameAllocator, FrameCompletion {
    private static final System.Logger LOG = System.getLogger(VulkanFrameAllocator.class.getName());

    /** How the memory of frames travels to consumers. */
    public enum MemoryHandle {
        /** DMA-BUF where the device exports it and the frame is a 2D texture or a buffer, else OPAQUE_FD. */
        AUTO,
        /** {@code VK_EXTERNAL_MEMORY_HANDLE_TYPE_OPAQUE_FD_BIT}: only importable on the same device and driver. */
        OPAQUE_FD,
        /** {@code VK_EXTERNAL_MEMORY_HANDLE_TYPE_DMA_BUF_BIT_EXT} with a DRM format modifier: what C peers import. */
        DMA_BUF
    }

    /** How consumers learn that a frame's GPU writes are done. */
    public enum SyncMode {
        /** A timeline semaphore where the device exports one, else a fence. */
        AUTO,
        /** One timeline semaphore per session, sent to each consumer; the notification carries the value to wait for. */
        TIMELINE_SEMAPHORE,
        /** {@code endFrame} waits on a fence until the GPU is done, so frames are complete when published. */
        PRODUCER_FENCE
    }

    private final VulkanContext context;
    private final boolean ownsContext;
    private final ImageTiling tiling;
    private final MemoryHandle memoryHandle;
    private final SyncMode syncMode;
    private final IntFunction<VulkanFrame> existing;
    private SharedTimeline timeline;
    private long fence = NULL;
    /** Decided by the first allocate: every buffer of a session travels the same way. */
    private HandleType handle;
    private boolean closed;

    private VulkanFrameAllocator(Builder b, VulkanContext context) {
        this.context = context;
        this.ownsContext = b.source.owned();
        this.tiling = b.tiling;
        this.memoryHandle = b.memoryHandle;
        this.existing = b.existing;
        VulkanCapabilities caps = context.capabilities();
        this.syncMode = switch (b.syncMode) {
            case AUTO -> caps.exportableTimelineSemaphores() ? SyncMode.TIMELINE_SEMAPHORE : SyncMode.PRODUCER_FENCE;
            case TIMELINE_SEMAPHORE -> {
                if (!caps.exportableTimelineSemaphores()) {
                    throw new TexlinkUnsupportedException(caps.deviceName() + " cannot export timeline semaphores as OPAQUE_FD"
                            + " (needs the timelineSemaphore feature and VK_KHR_external_semaphore_fd); use SyncMode.AUTO or PRODUCER_FENCE");
                }
                yield SyncMode.TIMELINE_SEMAPHORE;
            }
            case PRODUCER_FENCE -> SyncMode.PRODUCER_FENCE;
        };
        context.ledger().adopt(this);
        try (MemoryStack stack = stackPush()) {
            if (syncMode == SyncMode.TIMELINE_SEMAPHORE) {
                timeline = SharedTimeline.export(context);
            } else {
                fence = context.create("VkFence", "vkCreateFence", h -> vkCreateFence(context.device(),
                        VkFenceCreateInfo.calloc(stack).sType$Default(), null, h));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** An allocator on the application's context, which it leaves open. */
    public static Builder builder(VulkanContext context) {
        return new Builder(ContextSource.application(context));
    }

    /** An allocator on a context of its own, created with {@code options} and closed with the allocator. */
    public static Builder builder(VulkanContext.Options options) {
        return new Builder(ContextSource.own(options, VulkanContext.Options::withDevice, VulkanContext::create));
    }

    /** Options of a {@link VulkanFrameAllocator}; defaults: optimal tiling, AUTO memory handle, AUTO sync. */
    public static final class Builder {
        private final ContextSource<VulkanContext> source;
        private ImageTiling tiling = ImageTiling.OPTIMAL;
        private MemoryHandle memoryHandle = MemoryHandle.AUTO;
        private SyncMode syncMode = SyncMode.AUTO;
        private IntFunction<VulkanFrame> existing;

        private Builder(ContextSource<VulkanContext> source) {
            this.source = source;
        }

        /** Tiling of texture frames: optimal (default, stride 0) or linear (the descriptor carries the stride). */
        public Builder tiling(ImageTiling value) {
            this.tiling = Objects.requireNonNull(value);
            return this;
        }

        /** Forces how memory travels; AUTO picks per device. */
        public Builder memoryHandle(MemoryHandle value) {
            this.memoryHandle = Objects.requireNonNull(value);
            return this;
        }

        /** Forces the sync mode; TIMELINE_SEMAPHORE fails where the device cannot export one. */
        public Builder sync(SyncMode value) {
            this.syncMode = Objects.requireNonNull(value);
            return this;
        }

        /**
         * Shares the application's own frames instead of allocating: buffer i of the session is
         * {@code frames.apply(i)}, made with {@link VulkanImage#wrap} or {@link VulkanBuffer#wrap}
         * on the same context, in the session's shape.
         */
        public Builder existingFrames(IntFunction<VulkanFrame> frames) {
            this.existing = Objects.requireNonNull(frames);
            return this;
        }

        /**
         * @throws TexlinkUnsupportedException when the device lacks what the options force, or no
         *                                     Vulkan device exists (own context)
         */
        public VulkanFrameAllocator build() {
            return source.openFor(context -> new VulkanFrameAllocator(this, context));
        }
    }

    @Override
    public Backend backend() {
        return Backend.VULKAN;
    }

    /** How this session's memory travels: decided by the first buffer; before it, the choice for a 2D texture. */
    @Override
    public HandleType handleType() {
        return handle != null ? handle : chooseHandle(FrameType.TEXTURE_2D);
    }

    @Override
    public HandleType syncHandleType() {
        return timeline != null ? HandleType.OPAQUE_FD : HandleType.UNKNOWN;
    }

    @Override
    public int syncDescriptor() {
        if (timeline == null) {
            throw new IllegalStateException("the Vulkan allocator syncs with " + syncMode + " and shares no semaphore");
        }
        return timeline.exportedDescriptor();
    }

    @Override
    public Optional<DeviceIdentity> deviceIdentity() {
        return Optional.of(context.identity());
    }

    /** The sync mode in use: {@link SyncMode#TIMELINE_SEMAPHORE} or {@link SyncMode#PRODUCER_FENCE}, never AUTO. */
    public SyncMode syncMode() {
        return syncMode;
    }

    public VulkanContext context() {
        return context;
    }

    @Override
    public ExportedBuffer allocate(int index, FrameDescriptor requested) {
        VulkanFrame frame = existing != null ? existingFrame(index, requested) : newFrame(index, requested);
        frame.completeWith(this);
        return frame;
    }

    private VulkanFrame newFrame(int index, FrameDescriptor requested) {
        HandleType chosen = handle != null ? handle : chooseHandle(requested.type());
        VulkanFrame frame;
        try {
            frame = newFrame(index, requested, chosen);
        } catch (TexlinkUnsupportedException e) {
            if (memoryHandle != MemoryHandle.AUTO || handle != null || chosen != HandleType.DMA_BUF_FD) {
                throw e;
            }
            LOG.log(Level.INFO, "texlink vulkan: DMA-BUF export does not work for {0} ({1}); using OPAQUE_FD",
                    requested, e.getMessage());
            chosen = HandleType.OPAQUE_FD;
            frame = newFrame(index, requested, chosen);
        }
        if (handle == null) {
            LOG.log(Level.INFO, "texlink vulkan producer on {0}: {1} frames travel as {2}; they sync with {3}",
                    context.capabilities().deviceName(), requested.type(), chosen,
                    syncMode == SyncMode.TIMELINE_SEMAPHORE
                            ? "a timeline semaphore shared with each consumer (TIMELINE_SEMAPHORE)"
                            : "a fence the producer waits on before publishing (PRODUCER_FENCE)");
        }
        handle = chosen;
        return frame;
    }

    private VulkanFrame newFrame(int index, FrameDescriptor requested, HandleType chosen) {
        String name = "buffer " + index;
        if (requested.type().isTexture()) {
            return VulkanImage.export(context, VulkanImageSpec.forExport(context, requested, tiling, chosen), name);
        }
        return VulkanBuffer.export(context, requested, chosen, name);
    }

    private VulkanFrame existingFrame(int index, FrameDescriptor requested) {
        VulkanFrame frame = existing.apply(index);
        FrameDescriptor d = frame.descriptor();
        boolean fits = d.type() == requested.type() && (requested.type().isTexture()
                ? d.width() == requested.width() && d.height() == requested.height() && d.depth() == requested.depth()
                && d.format() == requested.format()
                : d.size() >= requested.size());
        if (frame.context() != context || !fits || handle != null && frame.handleType() != handle) {
            throw new IllegalArgumentException("the application's frame " + index + " (" + d + ", " + frame.handleType()
                    + ") does not fit the session (" + requested + (handle != null ? ", " + handle : "")
                    + ") or lives on another context");
        }
        handle = frame.handleType();
        return frame;
    }

    private HandleType chooseHandle(FrameType type) {
        VulkanCapabilities caps = context.capabilities();
        return switch (memoryHandle) {
            case OPAQUE_FD -> {
                if (!caps.opaqueFdMemory()) {
                    throw new TexlinkUnsupportedException(caps.deviceName() + " cannot export memory as OPAQUE_FD (no VK_KHR_external_memory_fd)");
                }
                yield HandleType.OPAQUE_FD;
            }
            case DMA_BUF -> {
                if (!caps.dmaBufMemory()) {
                    throw new TexlinkUnsupportedException(caps.deviceName()
                            + " cannot export memory as DMA-BUF (no VK_EXT_external_memory_dma_buf); use MemoryHandle.AUTO or OPAQUE_FD");
                }
                yield HandleType.DMA_BUF_FD;
            }
            case AUTO -> {
                if (caps.dmaBufMemory() && (!type.isTexture() || type == FrameType.TEXTURE_2D && caps.drmFormatModifiers())) {
                    yield HandleType.DMA_BUF_FD;
                }
                if (!caps.opaqueFdMemory()) {
                    throw new TexlinkUnsupportedException(caps.deviceName() + " exports no memory (no VK_KHR_external_memory_fd)");
                }
                yield HandleType.OPAQUE_FD;
            }
        };
    }

    /** Timeline: signals the next value after the work submitted so far. Fence: waits until that work is done. */
    @Override
    public long frameWritten() {
        if (timeline != null) {
            return timeline.signalNext();
        }
        context.submit(null, NULL, 0, 0, NULL, 0, fence);
        context.awaitFence(fence, "frame before publishing");
        return 0;
    }

    /** Waits for the queue, destroys the timeline or fence, and closes the context if it is the allocator's own. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        context.ledger().disown(this);
        try {
            context.awaitIdle();
        } finally {
            if (timeline != null) {
                timeline.close();
            }
            fence = context.destroy(fence, "VkFence", VK10::vkDestroyFence);
            if (ownsContext) {
                context.close();
            }
        }
    }

    @Override
    public String toString() {
        return "VulkanFrameAllocator[" + context.capabilities().deviceName() + ", " + syncMode + ", "
                + (handle != null ? handle : memoryHandle) + "]";
    }
}
