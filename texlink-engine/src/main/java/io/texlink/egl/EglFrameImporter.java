package io.texlink.egl;

import io.texlink.FrameMeta;
import io.texlink.HandleType;
import io.texlink.TexlinkUnsupportedException;
import io.texlink.backend.ContextSource;
import io.texlink.backend.DeviceIdentity;
import io.texlink.backend.FrameImporter;
import io.texlink.backend.ImportedBuffer;
import io.texlink.posix.OwnedFd;
import io.texlink.vulkan.VulkanContext;
import io.texlink.vulkan.VulkanFrame;
import io.texlink.vulkan.VulkanFrameImporter;

import java.lang.System.Logger.Level;
import java.util.Objects;
import java.util.Optional;

/**
 * Consumer side of the EGL backend: imports each received buffer as an {@link EglTexture} or
 * {@link EglBuffer} in an OpenGL ES context, and the producer's timeline semaphore where it
 * shares one.
 *
 * <pre>{@code
 * EglFrameImporter importer = EglFrameImporter.builder(EglContext.Options.defaults()).build();
 * try (TexlinkClient client = TexlinkClient.connect(ClientOptions.builder("cam").importer(() -> importer).build())) {
 *     AcquiredFrame frame = client.tryAcquireFrame(1_000_000_000L);   // GL waits for the frame on the GPU
 *     EglTexture texture = (EglTexture) frame.buffer();
 *     // sample texture.texture() in this context (flip rows where texture.mustFlipY())
 *     client.releaseFrame(frame);                                      // after GL is done with it
 * }
 * }</pre>
 *
 * <p>OPAQUE_FD memory (Vulkan and GL producers of texlink): GL must import it as it was
 * allocated (size, dedicated or not) and lay the texture out as the producer's Vulkan image
 * (format, tiling); none of that is on the wire beyond the descriptor. Like a Vulkan consumer,
 * this importer derives it: it imports the memory into a Vulkan device of its own on the
 * producer's GPU as well ({@link VulkanFrameImporter}, which checks that the memory fits the
 * metadata and that rows are laid out as described), then into GL with the same parameters. So
 * it needs a Vulkan driver for the GPU besides EGL; the Vulkan import shares the memory (no copy)
 * and is closed with the GL frame. The GL context must be on the producer's GPU: its
 * {@code GL_DEVICE_UUID_EXT} and {@code GL_DRIVER_UUID_EXT} must equal the producer's UUIDs.
 *
 * <p>DMA-BUF memory (C producers where DMA-BUF exists): 2D textures through
 * {@code EGL_EXT_image_dma_buf_import}; untested here (no DMA-BUF on this project's machines).
 *
 * <p>Sync: a producer's timeline semaphore (OPAQUE_FD) is imported with {@code GL_EXT_semaphore_fd}
 * and {@code GL_NV_timeline_semaphore}; each acquire makes GL wait for the frame's value on the GPU
 * ({@code glWaitSemaphoreEXT}), and each release finishes GL's work first ({@code glFinish}). A
 * context without those extensions refuses such a producer. The client closes the frames, then
 * the importer (which closes what it created: the Vulkan device, and its EGL context if it made one).
 */
public final class EglFrameImporter implements FrameImporter {
    private static final System.Logger LOG = System.getLogger(EglFrameImporter.class.getName());

    private final ContextSource<EglContext> source;
    private final VulkanContext.Options vulkanOptions;
    private EglContext context;
    /** Null until the client reports the producer's device. */
    private Optional<DeviceIdentity> producerDevice;
    private VulkanFrameImporter vulkan;
    private GlHandoff handoff;

    private EglFrameImporter(Builder b) {
        this.source = b.source;
        this.context = b.source.given();
        this.vulkanOptions = b.vulkanOptions;
    }

    /** An importer into the application's context, which it leaves open. */
    public static Builder builder(EglContext context) {
        return new Builder(ContextSource.application(context));
    }

    /** An importer that creates its own context on the producer's GPU when the client connects, and closes it with itself. */
    public static Builder builder(EglContext.Options options) {
        return new Builder(ContextSource.own(options, EglContext.Options::withDevice, EglContext::create));
    }

    /** Options of an {@link EglFrameImporter}. */
    public static final class Builder {
        private final ContextSource<EglContext> source;
        private VulkanContext.Options vulkanOptions = VulkanContext.Options.defaults();

        private Builder(ContextSource<EglContext> source) {
            this.source = source;
        }

        /** Options of the Vulkan device that imports OPAQUE_FD memory alongside GL (e.g. validation); its device is always the producer's. */
        public Builder vulkanOptions(VulkanContext.Options value) {
            this.vulkanOptions = Objects.requireNonNull(value);
            return this;
        }

        public EglFrameImporter build() {
            return new EglFrameImporter(this);
        }
    }

    /**
     * Remembers the producer's GPU and, for an importer with its own context, creates the context
     * on it.
     *
     * @throws TexlinkUnsupportedException when the producer's GPU has no EGL display here, or the
     *                                     application's context is on another GPU
     */
    @Override
    public void checkProducerDevice(Optional<DeviceIdentity> producer) {
        producerDevice = producer;
        if (context == null) {
            context = source.openForProducer(producer, " into OpenGL ES");
        } else if (producer.isPresent() && context.identity().isPresent() && !producer.equals(context.identity())) {
            throw new TexlinkUnsupportedException("the producer's frames live on GPU " + producer.get()
                    + ", but this consumer's EGL context is on " + context.capabilities().renderer() + " ("
                    + context.identity().get() + "); OPAQUE_FD memory can only be imported on the same device and driver."
                    + " Use a context on the producer's device (EglContext.Options.withDevice) or an importer with its own context");
        }
        handoff = new GlHandoff(context);
    }

    /**
     * Imports buffer {@code index} and closes {@code handle} (GL and the Vulkan import keep duplicates).
     *
     * @throws io.texlink.TexlinkProtocolException when the memory does not fit the metadata
     * @throws TexlinkUnsupportedException          when this context cannot import such a frame or
     *                                              handle (the missing extension is named)
     */
    @Override
    public ImportedBuffer importBuffer(int index, OwnedFd handle, FrameMeta meta) {
        try (handle) {
            if (producerDevice == null) {
                throw new IllegalStateException("checkProducerDevice must come before imports (TexlinkClient does this)");
            }
            String name = "buffer " + index;
            if (index == 0) {
                LOG.log(Level.INFO, "texlink egl consumer on {0}: {1} frames from a {2} producer as {3}; sync: {4}",
                        context.capabilities().renderer(), meta.descriptor().type(), meta.backend(), meta.handleType(),
                        meta.syncHandleType() == HandleType.OPAQUE_FD
                                ? "the producer's timeline semaphore, waited for by GL on the GPU"
                                : "none needed (the producer completes frames before publishing)");
            }
            return switch (meta.handleType()) {
                case OPAQUE_FD -> importOpaque(index, name, handle, meta);
                case DMA_BUF_FD -> {
                    if (!meta.descriptor().type().isTexture()) {
                        throw new TexlinkUnsupportedException(name + ": GL imports DMA-BUFs as 2D textures only; the producer"
                                + " shares a " + meta.descriptor().type());
                    }
                    yield EglTexture.importDmaBuf(context, name, meta.backend(), meta.descriptor(), handle);
                }
                default -> throw new TexlinkUnsupportedException(name + ": OpenGL ES cannot import " + meta.handleType()
                        + " handles; the producer (" + meta.backend() + ") needs another importer");
            };
        }
    }

    private ImportedBuffer importOpaque(int index, String name, OwnedFd handle, FrameMeta meta) {
        EglCapabilities caps = context.capabilities();
        if (producerDevice.isEmpty()) {
            throw new TexlinkUnsupportedException(name + ": the " + meta.backend() + " producer shares OPAQUE_FD memory"
                    + " without naming its GPU (a C producer, or CPU memory); GL imports OPAQUE_FD memory only from a"
                    + " driver on its own device. Use the CPU importer for CPU frames");
        }
        GlErrors.require(caps.opaqueFdMemory(), "GL_EXT_memory_object and GL_EXT_memory_object_fd",
                "importing OPAQUE_FD memory", caps);
        if (vulkan == null) {
            vulkan = VulkanFrameImporter.builder(context.vulkan(vulkanOptions)).build();
            try {
                vulkan.checkProducerDevice(producerDevice);
            } catch (TexlinkUnsupportedException e) {
                throw new TexlinkUnsupportedException(name + ": GL imports OPAQUE_FD memory with the allocation parameters"
                        + " of the producer's Vulkan image, which texlink derives with a Vulkan device on the same GPU: "
                        + e.getMessage(), e);
            }
        }
        VulkanFrame twin = (VulkanFrame) vulkan.importBuffer(index, handle.duplicate(), meta);
        boolean dedicated = twin.dedicatedAllocation();
        return meta.descriptor().type().isTexture()
                ? EglTexture.importMemory(context, name, meta.backend(), meta.descriptor(), handle, dedicated, handoff, twin)
                : EglBuffer.importMemory(context, name, meta.backend(), meta.descriptor(), handle, dedicated, handoff, twin);
    }

    /**
     * Imports the producer's timeline semaphore; takes ownership of {@code handle}.
     *
     * @throws TexlinkUnsupportedException without {@code GL_EXT_semaphore_fd} and {@code GL_NV_timeline_semaphore}
     */
    @Override
    public void importSync(OwnedFd handle, FrameMeta meta) {
        handoff.importTimeline(handle);
    }

    /** The context frames are imported into; null before the first connection for an importer with its own context. */
    public EglContext context() {
        return context;
    }

    /** True once the producer's timeline semaphore is imported (frames are waited for on the GPU). */
    public boolean timelineSync() {
        return handoff != null && handoff.timeline();
    }

    /** Deletes the imported semaphore, closes the Vulkan importer, and the importer's own EGL context (with its Vulkan device). */
    @Override
    public void close() {
        try {
            if (handoff != null) {
                handoff.close();
            }
        } finally {
            if (vulkan != null) {
                vulkan.close();
                vulkan = null;
            }
            if (source.owned() && context != null) {
                context.close();
                context = null;
            }
        }
    }

    @Override
    public String toString() {
        return "EglFrameImporter[" + (context == null ? "no context yet" : context.capabilities().renderer()) + "]";
    }
}
