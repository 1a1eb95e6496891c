package io.texlink.vulkan;

import io.texlink.FrameMeta;
import io.texlink.HandleType;
import io.texlink.TexlinkUnsupportedException;
import io.texlink.backend.ContextSource;
import io.texlink.backend.DeviceIdentity;
import io.texlink.backend.FrameImporter;
import io.texlink.backend.ImportedBuffer;
import io.texlink.posix.OwnedFd;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

import static org.lwjgl.system.MemoryUtil.NULL;

/**
 * Consumer side of the Vulkan backend: imports each received buffer into a {@link VulkanImage}
 * or {@link VulkanBuffer} on this process's own {@code VkDevice}, and the producer's timeline
 * semaphore where it shares one.
 *
 * <pre>{@code
 * VulkanFrameImporter importer = VulkanFrameImporter.builder(VulkanContext.Options.defaults()).build();
 * try (TexlinkClient client = TexlinkClient.connect(ClientOptions.builder("cam").importer(() -> importer).build())) {
 *     AcquiredFrame frame = client.tryAcquireFrame(1_000_000_000L);
 *     VulkanImage image = (VulkanImage) frame.buffer();
 *     image.download(pixels);       // or: wait on image.waitSemaphore() at image.waitValue(), recordAcquire, ...
 *     client.releaseFrame(frame);   // only once the GPU is done reading
 * }
 * }</pre>
 *
 * <p>Before importing it checks that the producer's memory lives on this device
 * ({@link #checkProducerDevice}): OPAQUE_FD memory is only valid on the same device and driver.
 * An importer built with {@link #builder(VulkanContext.Options)} creates its context then, on the
 * producer's device; one built with {@link #builder(VulkanContext)} refuses a producer on another
 * device. Each import checks that the memory can hold the described frame and that this device lays
 * it out as the producer says; mismatches are refused with an exception and the descriptor closed.
 *
 * <p>Sync: frames of a producer that shares a timeline semaphore are waited for on the GPU by
 * default ({@link VulkanFrame#waitSemaphore()}, used by {@link VulkanFrame#download}), or on the
 * CPU in {@code beginRead} with {@link TimelineWait#CPU}; {@link #syncMode()} says which applies
 * and the choice is logged. The client closes the frames, then the importer (which closes its own
 * context, if it made one).
 */
public final class VulkanFrameImporter implements FrameImporter, FrameWait {
    private static final System.Logger LOG = System.getLogger(VulkanFrameImporter.class.getName());

    /** Where a consumer waits for the producer's timeline value. */
    public enum TimelineWait {
        /** The consumer's GPU work waits (semaphore wait in its submit): no CPU round trip. */
        GPU,
        /** {@code beginRead} blocks until the value is reached ({@code vkWaitSemaphores}). */
        CPU
    }

    private final ContextSource<VulkanContext> source;
    private final TimelineWait timelineWait;
    private final long cpuWaitNanos;
    private VulkanContext context;
    /** Null until the client reports the producer's device. */
    private Optional<DeviceIdentity> producerDevice;
    private SharedTimeline timeline;

    private VulkanFrameImporter(Builder b) {
        this.source = b.source;
        this.context = b.source.given();
        this.timelineWait = b.timelineWait;
        this.cpuWaitNanos = b.cpuWaitTimeout.toNanos();
    }

    /** An importer on the application's device, which it leaves open. */
    public static Builder builder(VulkanContext context) {
        return new Builder(ContextSource.application(context));
    }

    /** An importer that creates its own context on the producer's device and closes it with itself. */
    public static Builder builder(VulkanContext.Options options) {
        return new Builder(ContextSource.own(options, VulkanContext.Options::withDevice, VulkanContext::create));
    }

    /** Options of a {@link VulkanFrameImporter}; defaults: GPU waits, 5 s CPU wait timeout. */
    public static final class Builder {
        private final ContextSource<VulkanContext> source;
        private TimelineWait timelineWait = TimelineWait.GPU;
        private Duration cpuWaitTimeout = Duration.ofSeconds(5);

        private Builder(ContextSource<VulkanContext> source) {
            this.source = source;
        }

        /** Where to wait for the producer's timeline value (GPU by default). */
        public Builder timelineWait(TimelineWait value) {
            this.timelineWait = Objects.requireNonNull(value);
            return this;
        }

        /** How long a CPU wait may take before {@code beginRead} throws {@link io.texlink.TexlinkTimeoutException}. */
        public Builder cpuWaitTimeout(Duration value) {
            if (value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException("cpuWaitTimeout must be positive, got " + value);
            }
            this.cpuWaitTimeout = value;
            return this;
        }

        public VulkanFrameImporter build() {
            return new VulkanFrameImporter(this);
        }
    }

    /**
     * Remembers the producer's device and, for an importer with its own context, creates that
     * context on it.
     *
     * @throws TexlinkUnsupportedException when the producer's GPU is not this importer's device, or
     *                                     not present here at all
     */
    @Override
    public void checkProducerDevice(Optional<DeviceIdentity> producer) {
        producerDevice = producer;
        if (context == null) {
            context = source.openForProducer(producer, "");
            return;
        }
        if (producer.isPresent() && !producer.get().equals(context.identity())) {
            throw new TexlinkUnsupportedException("the producer's frames live on GPU " + producer.get()
                    + ", but this consumer's Vulkan device is " + context.capabilities().deviceName() + " ("
                    + context.identity() + "); OPAQUE_FD memory can only be imported on the same device and driver. "
                    + "Use a context on the producer's device (VulkanContext.Options.withDevice) or an importer with its own context");
        }
    }

    /**
     * Imports buffer {@code index} and closes {@code handle} (Vulkan keeps a duplicate).
     *
     * @throws io.texlink.TexlinkProtocolException   when the memory does not fit the metadata
     * @throws TexlinkUnsupportedException when this device cannot import such a frame or handle
     */
    @Override
    public ImportedBuffer importBuffer(int index, OwnedFd handle, FrameMeta meta) {
        try (handle) {
            requireChecked();
            String name = "buffer " + index;
            switch (meta.handleType()) {
                case OPAQUE_FD -> {
                    if (producerDevice.isEmpty()) {
                        throw new TexlinkUnsupportedException(name + ": the " + meta.backend() + " producer shares OPAQUE_FD memory"
                                + " without naming its GPU (a C producer, or CPU memory); Vulkan imports OPAQUE_FD memory only"
                                + " from a Vulkan driver on this same device. Use the CPU importer for CPU frames");
                    }
                }
                case DMA_BUF_FD -> {
                    if (!context.capabilities().dmaBufMemory()) {
                        throw new TexlinkUnsupportedException(name + ": the producer shares DMA-BUF memory, which "
                                + context.capabilities().deviceName() + " cannot import (no VK_EXT_external_memory_dma_buf)");
                    }
                }
                default -> throw new TexlinkUnsupportedException(name + ": Vulkan cannot import " + meta.handleType()
                        + " handles; the producer (" + meta.backend() + ") needs another importer");
            }
            if (index == 0) {
                LOG.log(Level.INFO, "texlink vulkan consumer on {0}: {1} frames from a {2} producer as {3}; sync: {4}",
                        context.capabilities().deviceName(), meta.descriptor().type(), meta.backend(), meta.handleType(),
                        meta.syncHandleType() == HandleType.OPAQUE_FD
                                ? "the producer's timeline semaphore, waited on the " + timelineWait
                                : "none needed (the producer waits on a fence before publishing)");
            }
            return meta.descriptor().type().isTexture()
                    ? VulkanImage.importFrom(context, name, meta, handle, this)
                    : VulkanBuffer.importFrom(context, name, meta, handle, this);
        }
    }

    /**
     * Imports the producer's timeline semaphore; takes ownership of {@code handle}.
     *
     * @throws TexlinkUnsupportedException when this device cannot import timeline semaphores
     */
    @Override
    public void importSync(OwnedFd handle, FrameMeta meta) {
        try {
            requireChecked();
            if (!context.capabilities().exportableTimelineSemaphores()) {
                throw new TexlinkUnsupportedException("the producer shares a timeline semaphore, which "
                        + context.capabilities().deviceName() + " cannot import (needs the timelineSemaphore feature and"
                        + " VK_KHR_external_semaphore_fd)");
            }
        } catch (RuntimeException e) {
            handle.close();
            throw e;
        }
        timeline = SharedTimeline.importFd(context, handle);
    }

    private void requireChecked() {
        if (producerDevice == null) {
            throw new IllegalStateException("checkProducerDevice must come before imports (TexlinkClient does this)");
        }
    }

    /** {@link VulkanFrameAllocator.SyncMode#TIMELINE_SEMAPHORE} once the producer's timeline is imported, else PRODUCER_FENCE. */
    public VulkanFrameAllocator.SyncMode syncMode() {
        return timeline != null ? VulkanFrameAllocator.SyncMode.TIMELINE_SEMAPHORE : VulkanFrameAllocator.SyncMode.PRODUCER_FENCE;
    }

    /** Where this importer waits for timeline values. */
    public TimelineWait timelineWait() {
        return timelineWait;
    }

    /** The context frames are imported into; null before the first connection for an importer with its own context. */
    public VulkanContext context() {
        return context;
    }

    @Override
    public void beginRead(long syncValue) {
        if (timeline != null && syncValue > 0 && timelineWait == TimelineWait.CPU) {
            timeline.awaitOnCpu(syncValue, cpuWaitNanos);
        }
    }

    @Override
    public long gpuWaitSemaphore() {
        return timeline != null && timelineWait == TimelineWait.GPU ? timeline.handle() : NULL;
    }

    /** Destroys the imported semaphore and closes the importer's own context (the client closed the frames before). */
    @Override
    public void close() {
        if (context == null) {
            return;
        }
        try {
            context.awaitIdle();
        } finally {
            if (timeline != null) {
                timeline.close();
                timeline = null;
            }
            if (source.owned()) {
                context.close();
                context = null;
            }
        }
    }

    @Override
    public String toString() {
        return "VulkanFrameImporter[" + (context == null ? "no device yet" : context.capabilities().deviceName()) + ", "
                + syncMode() + ", wait on " + timelineWait + "]";
    }
}
