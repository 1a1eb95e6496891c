package io.texlink.cuda;

import io.texlink.Backend;
import io.texlink.FrameDescriptor;
import io.texlink.FrameMeta;
import io.texlink.HandleType;
import io.texlink.TexlinkProtocolException;
import io.texlink.TexlinkUnsupportedException;
import io.texlink.backend.DeviceIdentity;
import io.texlink.backend.FrameImporter;
import io.texlink.backend.ImportedBuffer;
import io.texlink.posix.OwnedFd;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Consumer side of the CUDA backend: imports each received buffer into CUDA as a
 * {@link CudaImportedFrame}, and the producer's timeline semaphore where it shares one.
 *
 * <pre>{@code
 * ClientOptions options = ClientOptions.builder("cam").importer(() -> CudaFrameImporter.builder().build()).build();
 * try (TexlinkClient client = TexlinkClient.connect(options)) {
 *     AcquiredFrame frame = client.tryAcquireFrame(1_000_000_000L);
 *     CudaImportedFrame cuda = (CudaImportedFrame) frame.buffer();
 *     // queue kernels on cuda.stream(): they run after the producer's GPU work on the frame
 *     // cuda.devicePointer() for buffers and linear images, cuda.array() for optimal-tiled images
 *     client.releaseFrame(frame); // waits for cuda.stream()
 * }
 * }</pre>
 *
 * <p>What it imports, by the producer's backend ({@code meta.backend()}), all as OPAQUE_FD:
 * <ul>
 *   <li>{@link Backend#CUDA}: a VMM allocation ({@code cuMemImportFromShareableHandle},
 *       {@code cuMemMap}), linear memory;</li>
 *   <li>any other GPU backend (Vulkan, or GL memory made by Vulkan): external memory
 *       ({@code cuImportExternalMemory}) of {@code descriptor().size()} bytes, the producer's
 *       allocation size; buffers and linear images (stride set) map as linear memory,
 *       optimal-tiled images (stride 0) as a CUDA array with {@link Builder#arrayFlags} and
 *       {@link Builder#dedicatedAllocation}.</li>
 * </ul>
 * CPU frames and DMA-BUF memory are refused with {@link TexlinkUnsupportedException}.
 *
 * <p>Device: before importing, the client reports the producer's GPU ({@link #checkProducerDevice}).
 * An importer made with {@link #builder()} opens the primary context of the CUDA device with that
 * UUID (or of {@link Builder#device} when the producer names none); one made with
 * {@link #builder(CudaContext)} refuses a producer on another GPU. The client closes the frames,
 * then the importer, which closes its own context if it opened one.
 */
public final class CudaFrameImporter implements FrameImporter {
    private static final System.Logger LOG = System.getLogger(CudaFrameImporter.class.getName());

    private final boolean ownsContext;
    private final int fallbackDevice;
    private final int arrayFlags;
    private final DedicatedAllocation dedicated;
    private final Duration waitTimeout;
    private CudaContext context;
    /** Null until the client reports the producer's device. */
    private Optional<DeviceIdentity> producerDevice;
    private volatile CudaTimeline timeline;

    private CudaFrameImporter(Builder b) {
        this.context = b.context;
        this.ownsContext = b.context == null;
        this.fallbackDevice = b.device;
        this.arrayFlags = b.arrayFlags;
        this.dedicated = b.dedicated;
        this.waitTimeout = b.waitTimeout;
    }

    /** An importer that opens the primary context of the producer's GPU and closes it with itself. */
    public static Builder builder() {
        return new Builder(null);
    }

    /** An importer on the application's context, which it leaves open. */
    public static Builder builder(CudaContext context) {
        return new Builder(Objects.requireNonNull(context, "context"));
    }

    /**
     * Options of a {@link CudaFrameImporter}; defaults: device 0, {@link CudaImportBuilder#DEFAULT_ARRAY_FLAGS},
     * {@link DedicatedAllocation#AUTO}, a wait timeout of 10 s.
     */
    public static final class Builder extends CudaImportBuilder<Builder> {
        private final CudaContext context;
        private int device;

        private Builder(CudaContext context) {
            this.context = context;
        }

        /** The device ordinal to use when the producer names no GPU (a C producer); own-context importers only. */
        public Builder device(int ordinal) {
            this.device = ordinal(ordinal);
            return this;
        }

        /** @throws TexlinkUnsupportedException when CUDA is not available here */
        public CudaFrameImporter build() {
            CudaAvailability.check().require("CudaFrameImporter");
            return new CudaFrameImporter(this);
        }
    }

    /**
     * Remembers the producer's GPU and, for an importer with its own context, opens the primary
     * context of that device.
     *
     * @throws TexlinkUnsupportedException when the producer's GPU is not this importer's device or
     *                                     not in this machine
     */
    @Override
    public void checkProducerDevice(Optional<DeviceIdentity> producer) {
        producerDevice = producer;
        if (ownsContext) {
            context = producer.isPresent() ? CudaContext.open(CudaDevice.withUuidOf(producer.get())) : CudaContext.open(fallbackDevice);
            return;
        }
        if (producer.isPresent() && !context.device().sameDeviceAs(producer.get())) {
            throw new TexlinkUnsupportedException("the producer's frames live on GPU " + CudaDevice.uuidText(producer.get().deviceUuid())
                    + ", but this consumer's CUDA context is on " + context.device() + "; shared GPU memory can only be imported"
                    + " on the GPU that made it. Open a CudaContext on that GPU (CudaDevice.withUuidOf) or use CudaFrameImporter.builder()");
        }
    }

    /**
     * Imports buffer {@code index} and closes {@code handle} (the driver keeps what it needs).
     *
     * @throws TexlinkProtocolException    when the memory does not fit the metadata
     * @throws TexlinkUnsupportedException for CPU frames, DMA-BUF memory or other handle types
     * @throws CudaCallException           when the driver refuses the memory
     */
    @Override
    public ImportedBuffer importBuffer(int index, OwnedFd handle, FrameMeta meta) {
        try (handle) {
            requireChecked();
            FrameDescriptor d = meta.descriptor();
            String what = CudaFrame.name(index, d);
            switch (meta.handleType()) {
                case OPAQUE_FD -> {
                }
                case DMA_BUF_FD -> throw ExternalMemory.dmaBufUnsupported(what);
                default -> throw new TexlinkUnsupportedException(what + ": CUDA cannot import " + meta.handleType()
                        + " handles; the " + meta.backend() + " producer needs another importer");
            }
            if (meta.backend() == Backend.CPU) {
                throw new TexlinkUnsupportedException(what + ": the producer shares CPU memory; use the CPU importer"
                        + " (io.texlink.cpu.CpuFrameImporter) and copy it to the GPU");
            }
            if (meta.backend() == Backend.CUDA && d.type().isTexture() && d.stride() == 0) {
                throw new TexlinkProtocolException(what + ": a CUDA producer shares linear memory, so its textures need a stride;"
                        + " the metadata has none");
            }
            FrameMemory memory = context.call(() -> meta.backend() == Backend.CUDA
                    ? VmmAllocation.importFd(context, handle.fd(), d.size(), what)
                    : ExternalMemory.importAndMap(handle.fd(), d.size(),
                            d.type().isTexture() && d.stride() == 0 ? CudaArrayShape.of(d, arrayFlags) : null, dedicated, what));
            if (index == 0) {
                LOG.log(Level.INFO, "texlink cuda consumer on {0}: {1} from a {2} producer as {3}; sync: {4}", context.device(),
                        what, meta.backend(), memory.describe(), meta.syncHandleType() == HandleType.OPAQUE_FD
                                ? "the producer's timeline semaphore, waited for on each frame's stream"
                                : "none needed (frames are complete when published)");
            }
            return new CudaImportedFrame(context, what, d, memory, meta.backend(), this, waitTimeout);
        }
    }

    /**
     * Imports the producer's timeline semaphore; takes ownership of {@code handle}.
     *
     * @throws CudaCallException when the driver cannot import it
     */
    @Override
    public void importSync(OwnedFd handle, FrameMeta meta) {
        try {
            requireChecked();
        } catch (RuntimeException e) {
            handle.close();
            throw e;
        }
        timeline = CudaTimeline.importFd(context, handle);
    }

    private void requireChecked() {
        if (producerDevice == null) {
            throw new IllegalStateException("checkProducerDevice must come before imports (TexlinkClient does this)");
        }
    }

    /** The context frames are imported into; null before the first connection for an importer with its own context. */
    public CudaContext context() {
        return context;
    }

    /**
     * The producer's timeline semaphore, imported; null where the producer shares none. Frames
     * wait on it by themselves; use it to make other streams wait ({@link CudaTimeline#waitAsync}).
     */
    public CudaTimeline timeline() {
        return timeline;
    }

    /** Destroys the imported semaphore and closes the importer's own context (the client closed the frames before). */
    @Override
    public void close() {
        try {
            if (timeline != null) {
                timeline.close();
                timeline = null;
            }
        } finally {
            if (ownsContext && context != null) {
                context.close();
                context = null;
            }
        }
    }

    @Override
    public String toString() {
        return "CudaFrameImporter[" + (context == null ? "no device yet" : context.device()) + ", "
                + (timeline != null ? "waits on the producer's timeline" : "no timeline") + "]";
    }
}
