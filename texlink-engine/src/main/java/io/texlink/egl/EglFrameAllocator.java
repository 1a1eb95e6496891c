package io.texlink.egl;

import io.texlink.Backend;
import io.texlink.FrameDescriptor;
import io.texlink.FrameType;
import io.texlink.HandleType;
import io.texlink.TexlinkUnsupportedException;
import io.texlink.backend.ContextSource;
import io.texlink.backend.DeviceIdentity;
import io.texlink.backend.ExportedBuffer;
import io.texlink.backend.FrameAllocator;
import io.texlink.posix.Libc;
import io.texlink.posix.OwnedFd;
import io.texlink.vulkan.ImageTiling;
import io.texlink.vulkan.VulkanContext;
import io.texlink.vulkan.VulkanFrame;
import io.texlink.vulkan.VulkanFrameAllocator;

import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * Producer side of the EGL backend: each buffer of a session is an {@link EglTexture} (or
 * {@link EglBuffer}) that a GL application renders into, shared with consumers of any backend.
 * The handshake names {@link Backend#EGL}, so Vulkan consumers know to flip rows (wire-v3).
 *
 * <pre>{@code
 * EglContext gl = EglContext.create();
 * TexlinkServer server = TexlinkServer.create(ServerOptions.builder("cam", FrameDescriptor.texture2d(1920, 1080, PixelFormat.ABGR8888))
 *         .allocator(() -> EglFrameAllocator.builder(gl).build()).build());
 * server.start();
 * WritableFrame frame = server.tryBeginFrame();
 * EglTexture texture = (EglTexture) frame.buffer();
 * // render into texture.texture() (attach it to your framebuffer), or texture.upload(pixels)
 * server.endFrame(frame);          // GL signals the timeline (or finishes) and consumers are notified
 * }</pre>
 *
 * <h2>Where the memory comes from</h2>
 * GL exports no memory objects, so texlink allocates through its Vulkan backend on the same GPU
 * and imports each allocation into GL ({@link MemoryHandle#OPAQUE_FD}): consumers import the Vulkan
 * export (Vulkan, GL and CUDA consumers on that GPU), and the producer renders into the GL texture
 * over the same memory. That needs a Vulkan driver for the GPU and {@code GL_EXT_memory_object_fd};
 * it is the only way on headless NVIDIA. Where the display exports DMA-BUFs
 * ({@code EGL_MESA_image_dma_buf_export}), {@link MemoryHandle#DMA_BUF} shares GL's own 2D textures
 * instead, as C peers expect; {@link Builder#existingTextures} shares the application's textures
 * that way ({@link EglTexture#wrap}).
 *
 * <h2>Sync</h2>
 * {@link SyncMode#TIMELINE_SEMAPHORE}: where GL has {@code GL_EXT_semaphore_fd} and
 * {@code GL_NV_timeline_semaphore} and the Vulkan device exports timeline semaphores, the Vulkan
 * allocator's timeline is imported into GL; {@code endFrame} signals the next value from GL (with the
 * texture in {@code GL_LAYOUT_GENERAL_EXT}) and returns at once. {@link SyncMode#GL_FINISH}:
 * {@code endFrame} calls {@code glFinish}, so frames are complete when published.
 *
 * <p>GL calls run on the thread that calls texlink, with the context made current there when it
 * is not (see {@link EglContext}). The server closes the allocator after the frames; an allocator
 * closes what it created (the Vulkan allocator and device, its own EGL context).
 */
public final class EglFrameAllocator implements FrameAllocator {
    private static final System.Logger LOG = System.getLogger(EglFrameAllocator.class.getName());

    /** How the memory of frames travels to consumers. */
    public enum MemoryHandle {
        /** OPAQUE_FD through Vulkan where the context imports memory objects and knows its GPU, else DMA-BUF. */
        AUTO,
        /** A Vulkan allocation on the same GPU, imported into GL ({@code GL_EXT_memory_object_fd}). */
        OPAQUE_FD,
        /** GL's own 2D textures exported with {@code EGL_MESA_image_dma_buf_export}: what C peers import. */
        DMA_BUF
    }

    /** How consumers learn that GL's writes are done. */
    public enum SyncMode {
        /** A timeline semaphore where GL and Vulkan can share one (OPAQUE_FD memory only), else glFinish. */
        AUTO,
        /** The session's timeline semaphore, signalled by GL; the notification carries the value. */
        TIMELINE_SEMAPHORE,
        /** {@code endFrame} waits in {@code glFinish} until GL is done, so frames are complete when published. */
        GL_FINISH
    }

    private final EglContext context;
    private final boolean ownsContext;
    private final HandleType handle;
    private final VulkanContext vulkanContext;
    private final VulkanFrameAllocator vulkan;
    private final IntFunction<EglTexture> existing;
    private final GlHandoff handoff;
    private boolean closed;

    private EglFrameAllocator(Builder b, EglContext context) {
        this.context = context;
        this.ownsContext = b.source.owned();
        this.existing = b.existing;
        EglCapabilities caps = context.capabilities();
        this.handle = chooseHandle(b, caps);
        this.handoff = new GlHandoff(context);
        VulkanContext vk = null;
        VulkanFrameAllocator allocator = null;
        try {
            if (handle == HandleType.OPAQUE_FD) {
                if (b.existing != null) {
                    throw new TexlinkUnsupportedException("the application's textures can only be shared as DMA-BUFs (GL"
                            + " exports no OPAQUE_FD memory); use MemoryHandle.DMA_BUF, or render into texlink's textures");
                }
                DeviceIdentity gpu = context.identity().orElseThrow();
                vk = b.vulkan != null ? b.vulkan : context.vulkan(b.vulkanOptions);
                if (!vk.identity().equals(gpu)) {
                    throw new TexlinkUnsupportedException("the Vulkan context is on " + vk.capabilities().deviceName() + " ("
                            + vk.identity() + "), the EGL context on " + caps.renderer() + " (" + gpu
                            + "); GL imports Vulkan memory only on the same device and driver");
                }
                boolean timeline = switch (b.sync) {
                    case AUTO -> caps.timelineSemaphores() && vk.capabilities().exportableTimelineSemaphores();
                    case TIMELINE_SEMAPHORE -> {
                        GlErrors.require(caps.timelineSemaphores(), "GL_EXT_semaphore_fd and GL_NV_timeline_semaphore",
                                "SyncMode.TIMELINE_SEMAPHORE", caps);
                        yield true;
                    }
                    case GL_FINISH -> false;
                };
                allocator = VulkanFrameAllocator.builder(vk).tiling(b.tiling)
                        .memoryHandle(VulkanFrameAllocator.MemoryHandle.OPAQUE_FD)
                        .sync(timeline ? VulkanFrameAllocator.SyncMode.TIMELINE_SEMAPHORE
                                : VulkanFrameAllocator.SyncMode.PRODUCER_FENCE).build();
                if (timeline) {
                    handoff.importTimeline(new OwnedFd(Libc.fcntl(allocator.syncDescriptor(), Libc.F_DUPFD_CLOEXEC, 0)));
                }
            } else if (b.sync == SyncMode.TIMELINE_SEMAPHORE) {
                throw new TexlinkUnsupportedException("DMA-BUF frames share no timeline semaphore; use SyncMode.AUTO or GL_FINISH");
            }
        } catch (RuntimeException e) {
            handoff.close();
            if (allocator != null) {
                allocator.close();
            }
            throw e;
        }
        this.vulkanContext = vk;
        this.vulkan = allocator;
        LOG.log(Level.INFO, "texlink egl producer on {0}: frames travel as {1}{2}; they sync with {3}", caps.renderer(),
                handle, vulkan != null ? " (Vulkan memory on " + vk.capabilities().deviceName() + ")" : " (GL's own textures)",
                handoff.timeline() ? "a timeline semaphore GL signals (TIMELINE_SEMAPHORE)" : "glFinish before publishing (GL_FINISH)");
    }

    private static HandleType chooseHandle(Builder b, EglCapabilities caps) {
        boolean opaque = caps.opaqueFdMemory() && caps.identity().isPresent();
        return switch (b.memoryHandle) {
            case OPAQUE_FD -> {
                GlErrors.require(opaque, "GL_EXT_memory_object and GL_EXT_memory_object_fd", "sharing GL frames as OPAQUE_FD", caps);
                yield HandleType.OPAQUE_FD;
            }
            case DMA_BUF -> {
                GlErrors.require(caps.dmaBufExport(), "EGL_MESA_image_dma_buf_export", "sharing GL frames as DMA-BUF", caps);
                yield HandleType.DMA_BUF_FD;
            }
            case AUTO -> {
                if (opaque && b.existing == null) {
                    yield HandleType.OPAQUE_FD;
                }
                GlErrors.require(caps.dmaBufExport(), "EGL_MESA_image_dma_buf_export (or GL_EXT_memory_object_fd with a"
                        + " Vulkan driver)", "sharing GL frames", caps);
                yield HandleType.DMA_BUF_FD;
            }
        };
    }

    /** An allocator in the application's context, which it leaves open. */
    public static Builder builder(EglContext context) {
        return new Builder(ContextSource.application(context));
    }

    /** An allocator in a context of its own, created with {@code options} and closed with the allocator. */
    public static Builder builder(EglContext.Options options) {
        return new Builder(ContextSource.own(options, EglContext.Options::withDevice, EglContext::create));
    }

    /** Options of an {@link EglFrameAllocator}; defaults: AUTO memory handle, AUTO sync, optimal tiling. */
    public static final class Builder {
        private final ContextSource<EglContext> source;
        private MemoryHandle memoryHandle = MemoryHandle.AUTO;
        private SyncMode sync = SyncMode.AUTO;
        private ImageTiling tiling = ImageTiling.OPTIMAL;
        private VulkanContext vulkan;
        private VulkanContext.Options vulkanOptions = VulkanContext.Options.defaults();
        private IntFunction<EglTexture> existing;

        private Builder(ContextSource<EglContext> source) {
            this.source = source;
        }

        /** Forces how memory travels; AUTO picks per context. */
        public Builder memoryHandle(MemoryHandle value) {
            this.memoryHandle = Objects.requireNonNull(value);
            return this;
        }

        /** Forces the sync mode; TIMELINE_SEMAPHORE fails where GL or Vulkan cannot share one. */
        public Builder sync(SyncMode value) {
            this.sync = Objects.requireNonNull(value);
            return this;
        }

        /** Tiling of the Vulkan images behind OPAQUE_FD textures (GL_TEXTURE_TILING_EXT follows it). */
        public Builder tiling(ImageTiling value) {
            this.tiling = Objects.requireNonNull(value);
            return this;
        }

        /**
         * The application's Vulkan context on the same GPU, which texlink then leaves open (default:
         * the EGL context's own, {@link EglContext#vulkan}).
         */
        public Builder vulkan(VulkanContext value) {
            this.vulkan = Objects.requireNonNull(value);
            return this;
        }

        /**
         * Options of the EGL context's own Vulkan context (e.g. validation), should this allocator be
         * the first to need it; its device is always the EGL context's GPU.
         */
        public Builder vulkanOptions(VulkanContext.Options value) {
            this.vulkanOptions = Objects.requireNonNull(value);
            return this;
        }

        /**
         * Shares the application's 2D textures instead of allocating (DMA-BUF only): buffer i of the
         * session is {@code textures.apply(i)}, made with {@link EglTexture#wrap} in the same context.
         */
        public Builder existingTextures(IntFunction<EglTexture> textures) {
            this.existing = Objects.requireNonNull(textures);
            return this;
        }

        /**
         * @throws TexlinkUnsupportedException when the context lacks what the options need (the
         *                                     extension is named), or no EGL display or Vulkan device exists
         */
        public EglFrameAllocator build() {
            return source.openFor(context -> new EglFrameAllocator(this, context));
        }
    }

    @Override
    public Backend backend() {
        return Backend.EGL;
    }

    @Override
    public HandleType handleType() {
        return handle;
    }

    @Override
    public HandleType syncHandleType() {
        return handoff.timeline() ? HandleType.OPAQUE_FD : HandleType.UNKNOWN;
    }

    @Override
    public int syncDescriptor() {
        if (!handoff.timeline()) {
            throw new IllegalStateException("the EGL allocator syncs with glFinish and shares no semaphore");
        }
        return vulkan.syncDescriptor();
    }

    /** The GPU, as both GL and Vulkan report it (consumers of OPAQUE_FD memory compare it with theirs). */
    @Override
    public Optional<DeviceIdentity> deviceIdentity() {
        return context.identity();
    }

    /** The sync mode in use: TIMELINE_SEMAPHORE or GL_FINISH, never AUTO. */
    public SyncMode syncMode() {
        return handoff.timeline() ? SyncMode.TIMELINE_SEMAPHORE : SyncMode.GL_FINISH;
    }

    public EglContext context() {
        return context;
    }

    /** The Vulkan context that allocates OPAQUE_FD frames; null for DMA-BUF frames. */
    public VulkanContext vulkanContext() {
        return vulkanContext;
    }

    @Override
    public ExportedBuffer allocate(int index, FrameDescriptor requested) {
        String name = "buffer " + index;
        if (handle == HandleType.DMA_BUF_FD) {
            if (existing != null) {
                return existingTexture(index, requested);
            }
            if (requested.type() != FrameType.TEXTURE_2D) {
                throw new TexlinkUnsupportedException(name + ": only 2D textures export as DMA-BUFs; share "
                        + requested.type() + " frames as OPAQUE_FD");
            }
            return EglTexture.exportDmaBuf(context, name, requested);
        }
        VulkanFrame frame = (VulkanFrame) vulkan.allocate(index, requested);
        boolean dedicated = frame.dedicatedAllocation();
        try (OwnedFd export = new OwnedFd(Libc.fcntl(frame.exportDescriptor(), Libc.F_DUPFD_CLOEXEC, 0))) {
            return requested.type().isTexture()
                    ? EglTexture.importMemory(context, name, Backend.EGL, frame.descriptor(), export, dedicated, handoff, frame)
                    : EglBuffer.importMemory(context, name, Backend.EGL, frame.descriptor(), export, dedicated, handoff, frame);
        }
    }

    private EglTexture existingTexture(int index, FrameDescriptor requested) {
        EglTexture texture = existing.apply(index);
        FrameDescriptor d = texture.descriptor();
        if (texture.context() != context || d.type() != requested.type() || d.width() != requested.width()
                || d.height() != requested.height() || d.format() != requested.format()) {
            throw new IllegalArgumentException("the application's texture " + index + " (" + d
                    + ") does not fit the session (" + requested + ") or lives in another context");
        }
        return texture;
    }

    /** Deletes GL's semaphore, closes the Vulkan allocator and the allocator's own EGL context (with its Vulkan device). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            handoff.close();
        } finally {
            if (vulkan != null) {
                vulkan.close();
            }
            if (ownsContext) {
                context.close();
            }
        }
    }

    @Override
    public String toString() {
        return "EglFrameAllocator[" + context.capabilities().renderer() + ", " + handle + ", " + syncMode() + "]";
    }
}
