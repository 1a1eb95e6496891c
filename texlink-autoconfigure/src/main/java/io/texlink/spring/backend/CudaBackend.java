package io.texlink.spring.backend;

import io.texlink.TexlinkUnsupportedException;
import io.texlink.backend.FrameAllocator;
import io.texlink.cuda.CudaContext;
import io.texlink.cuda.CudaFrameAllocator;
import io.texlink.cuda.CudaFrameImporter;
import io.texlink.cuda.CudaMappedFrameAllocator;
import io.texlink.lifecycle.ShutdownCloser;
import io.texlink.vulkan.ImageTiling;
import io.texlink.vulkan.VulkanContext;
import io.texlink.vulkan.VulkanFrameAllocator;

import java.util.Objects;
import java.util.Optional;

/**
 * Frames in GPU memory through CUDA. Each connection imports what it receives into CUDA
 * ({@link CudaFrameImporter}: {@link io.texlink.cuda.CudaImportedFrame}s with a device pointer or a
 * CUDA array, from Vulkan and CUDA producers); each server's buffers are CUDA device memory or
 * Vulkan memory that CUDA writes, as {@link ProducerMemory} says. Producers write a frame on its
 * stream ({@link io.texlink.cuda.CudaFrame#stream()}: kernels, {@link io.texlink.cuda.CudaFrame#upload},
 * {@link io.texlink.cuda.CudaFrame#copyFrom}); consumers read it there or
 * {@link io.texlink.cuda.CudaFrame#download} it ({@code frame.memory()} is {@code NULL}: GPU
 * memory is not mapped).
 *
 * <p>One {@link CudaContext} per application, the primary context of one GPU (the context the
 * CUDA runtime and most libraries use on it too): every allocator and importer is built on it and
 * leaves it open, so the application's own CUDA work uses the frames' pointers and arrays directly.
 * An importer on it accepts only producers on the same GPU. The context is the application's
 * ({@link Builder#context}), left open, or one the backend opens on {@link Builder#device} and
 * closes in {@link #close()}. With {@link ProducerMemory#VULKAN} a {@link VulkanContext} on the
 * same GPU allocates the servers' frames: the application's ({@link Builder#vulkanContext}), left
 * open, or one the backend creates and closes. The contexts the backend makes are taken off
 * texlink's JVM-exit hook: Spring closes the backend after the beans that use it, also on SIGTERM.
 *
 * <p>Thread-safe.
 */
public final class CudaBackend implements TexlinkBackend, AutoCloseable {

    /** What the buffers of this application's servers are. */
    public enum ProducerMemory {
        /**
         * CUDA device memory ({@link CudaFrameAllocator}: virtual memory management, shared as a POSIX
         * file descriptor). Needs nothing but the CUDA driver; only CUDA consumers import it.
         */
        CUDA,
        /**
         * Vulkan images and buffers that CUDA writes ({@link CudaMappedFrameAllocator} around a
         * {@link VulkanFrameAllocator}): consumers see a Vulkan session, so Vulkan, OpenGL and CUDA
         * consumers all read the frames. Needs LWJGL and NVIDIA's Vulkan driver besides CUDA.
         */
        VULKAN
    }

    private final CudaContext context;
    /** Whether {@link #close()} closes {@link #context}: true for the backend's own, false for the application's. */
    private final boolean ownsContext;
    /** The servers' Vulkan device with {@link ProducerMemory#VULKAN}; null with {@link ProducerMemory#CUDA}. */
    private final VulkanContext vulkan;
    private final boolean ownsVulkan;
    private final ImageTiling tiling;
    private final VulkanFrameAllocator.SyncMode sync;

    private CudaBackend(CudaContext context, boolean ownsContext, VulkanContext vulkan, boolean ownsVulkan,
                        ImageTiling tiling, VulkanFrameAllocator.SyncMode sync) {
        this.context = context;
        this.ownsContext = ownsContext;
        this.vulkan = vulkan;
        this.ownsVulkan = ownsVulkan;
        this.tiling = tiling;
        this.sync = sync;
    }

    /** Options of a {@link CudaBackend}; defaults: its own context on device 0, {@link ProducerMemory#CUDA}. */
    public static Builder builder() {
        return new Builder();
    }

    /** What {@link #builder()} returns. */
    public static final class Builder {
        private CudaContext context;
        private int device;
        private ProducerMemory producerMemory = ProducerMemory.CUDA;
        private VulkanContext vulkanContext;
        private VulkanContext.Options vulkanOptions = VulkanContext.Options.defaults();
        private ImageTiling tiling = ImageTiling.OPTIMAL;
        private VulkanFrameAllocator.SyncMode sync = VulkanFrameAllocator.SyncMode.AUTO;

        private Builder() {
        }

        /** The application's context, which the backend uses and leaves open ({@link #device} is then not used). */
        public Builder context(CudaContext value) {
            this.context = Objects.requireNonNull(value, "context");
            return this;
        }

        /** The GPU of the context the backend opens when the application gives none, by CUDA ordinal. */
        public Builder device(int ordinal) {
            this.device = ordinal;
            return this;
        }

        /** What the servers' buffers are; default {@link ProducerMemory#CUDA}. */
        public Builder producerMemory(ProducerMemory value) {
            this.producerMemory = Objects.requireNonNull(value, "producerMemory");
            return this;
        }

        /** With {@link ProducerMemory#VULKAN}: the application's Vulkan context on the CUDA context's GPU, left open. */
        public Builder vulkanContext(VulkanContext value) {
            this.vulkanContext = Objects.requireNonNull(value, "vulkanContext");
            return this;
        }

        /**
         * With {@link ProducerMemory#VULKAN} and no application Vulkan context: validation and the
         * application name of the context the backend creates (always on the CUDA context's GPU,
         * whatever {@code options.device()} says).
         */
        public Builder vulkanOptions(VulkanContext.Options value) {
            this.vulkanOptions = Objects.requireNonNull(value, "vulkanOptions");
            return this;
        }

        /** With {@link ProducerMemory#VULKAN}: tiling of texture frames and their sync; default optimal and auto. */
        public Builder vulkanFrames(ImageTiling tiling, VulkanFrameAllocator.SyncMode sync) {
            this.tiling = Objects.requireNonNull(tiling, "tiling");
            this.sync = Objects.requireNonNull(sync, "sync");
            return this;
        }

        /**
         * Opens what the application did not give: the CUDA context, and with
         * {@link ProducerMemory#VULKAN} a Vulkan device on the same GPU.
         *
         * @throws TexlinkUnsupportedException without CUDA, without the device, without Vulkan on
         *                                     that GPU, or when the application's Vulkan context is
         *                                     on another GPU
         */
        public CudaBackend build() {
            CudaContext cuda = context != null ? context : ownCudaContext(device);
            try {
                if (producerMemory == ProducerMemory.CUDA) {
                    return new CudaBackend(cuda, context == null, null, false, tiling, sync);
                }
                if (vulkanContext == null) {
                    return new CudaBackend(cuda, context == null, ownVulkanContext(vulkanOptions.withDevice(cuda.identity())),
                            true, tiling, sync);
                }
                if (!cuda.device().sameDeviceAs(vulkanContext.identity())) {
                    throw new TexlinkUnsupportedException("the application's Vulkan context is on "
                            + vulkanContext.capabilities().deviceName() + " (" + vulkanContext.identity() + "), but the CUDA"
                            + " context is on " + cuda.device() + "; CUDA writes the servers' Vulkan frames only on the GPU"
                            + " that holds them");
                }
                return new CudaBackend(cuda, context == null, vulkanContext, false, tiling, sync);
            } catch (RuntimeException e) {
                if (context == null) {
                    cuda.close();
                }
                throw e;
            }
        }

        /** The primary context of device {@code ordinal}, off texlink's exit hook: Spring closes it, in order. */
        private static CudaContext ownCudaContext(int ordinal) {
            CudaContext cuda = CudaContext.open(ordinal);
            ShutdownCloser.forget(cuda);
            return cuda;
        }

        /**
         * A Vulkan context off texlink's exit hook, which runs at the same time as Spring's (JVM
         * shutdown hooks run concurrently) and would destroy the device under a producer still using it.
         */
        private static VulkanContext ownVulkanContext(VulkanContext.Options options) {
            VulkanContext vk = VulkanContext.create(options);
            ShutdownCloser.forget(vk);
            return vk;
        }
    }

    @Override
    public BackendType type() {
        return BackendType.CUDA;
    }

    /**
     * An allocator on {@link #context()}: CUDA device memory, or with {@link ProducerMemory#VULKAN}
     * frames of a {@link VulkanFrameAllocator} on {@link #vulkanContext()} (OPAQUE_FD memory, the
     * handle CUDA imports; this backend's tiling and sync), each handed over once by Vulkan and
     * mapped into CUDA.
     */
    @Override
    public FrameAllocator newAllocator() {
        if (vulkan == null) {
            return CudaFrameAllocator.builder(context).build();
        }
        VulkanFrameAllocator frames = VulkanFrameAllocator.builder(vulkan).tiling(tiling)
                .memoryHandle(VulkanFrameAllocator.MemoryHandle.OPAQUE_FD).sync(sync).build();
        return CudaMappedFrameAllocator.builder(new HandedOverVulkanFrames(frames)).context(context).build();
    }

    /** An importer on {@link #context()}: frames of producers on its GPU, waited for on each frame's stream. */
    @Override
    public CudaFrameImporter newImporter() {
        return CudaFrameImporter.builder(context).build();
    }

    /** The primary context every frame of this application lives in. */
    public CudaContext context() {
        return context;
    }

    public ProducerMemory producerMemory() {
        return vulkan == null ? ProducerMemory.CUDA : ProducerMemory.VULKAN;
    }

    /** The Vulkan context that allocates the servers' frames; empty with {@link ProducerMemory#CUDA}. */
    public Optional<VulkanContext> vulkanContext() {
        return Optional.ofNullable(vulkan);
    }

    /**
     * Closes the contexts this backend opened (the servers and clients closed their frames,
     * allocators and importers before): the CUDA context first, so that CUDA's imports of Vulkan
     * memory go before the Vulkan device that made it, as each frame does; then the Vulkan
     * context, which destroys what texlink left on it.
     */
    @Override
    public void close() {
        try {
            if (ownsContext) {
                context.close();
            }
        } finally {
            if (ownsVulkan) {
                vulkan.close();
            }
        }
    }

    @Override
    public String toString() {
        return "texlink CUDA backend on " + context.device() + " (" + (vulkan == null ? "CUDA producer memory"
                : "Vulkan producer memory on " + vulkan.capabilities().deviceName() + ", " + tiling + ", " + sync + " sync") + ")";
    }
}
