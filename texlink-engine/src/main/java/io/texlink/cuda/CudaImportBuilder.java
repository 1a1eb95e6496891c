package io.texlink.cuda;

import java.util.Objects;

import static jcuda.driver.JCudaDriver.CUDA_ARRAY3D_COLOR_ATTACHMENT;
import static jcuda.driver.JCudaDriver.CUDA_ARRAY3D_SURFACE_LDST;

/**
 * Options of the builders that import another API's memory into CUDA ({@link CudaFrameImporter},
 * {@link CudaMappedFrameAllocator}): how Vulkan memory maps, which the wire does not say. The
 * JCuda constants here are compile-time constants that javac copies in, so this class links
 * without JCuda too.
 *
 * @param <B> the concrete builder
 */
public abstract class CudaImportBuilder<B extends CudaImportBuilder<B>> extends CudaBuilder<B> {
    /**
     * Array flags matching the usage texlink's Vulkan backend gives shared images on NVIDIA
     * (storage and color attachment); CUDA's flags must mirror the image's usage.
     */
    public static final int DEFAULT_ARRAY_FLAGS = CUDA_ARRAY3D_SURFACE_LDST | CUDA_ARRAY3D_COLOR_ATTACHMENT;

    int arrayFlags = DEFAULT_ARRAY_FLAGS;
    DedicatedAllocation dedicated = DedicatedAllocation.AUTO;

    CudaImportBuilder() {
    }

    /**
     * {@code CUDA_ARRAY3D_SURFACE_LDST} / {@code CUDA_ARRAY3D_COLOR_ATTACHMENT} for optimal-tiled
     * images, mirroring the producer's {@code VK_IMAGE_USAGE_STORAGE_BIT} /
     * {@code VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT} (the CUDA programming guide's rule for mapping
     * Vulkan images); default {@link #DEFAULT_ARRAY_FLAGS}. Change it for producers whose images
     * have other usage.
     */
    public B arrayFlags(int flags) {
        if ((flags & ~DEFAULT_ARRAY_FLAGS) != 0) {
            throw new IllegalArgumentException("array flags 0x" + Integer.toHexString(flags)
                    + " go beyond CUDA_ARRAY3D_SURFACE_LDST | CUDA_ARRAY3D_COLOR_ATTACHMENT");
        }
        this.arrayFlags = flags;
        return self();
    }

    /** Whether the producer's Vulkan memory is a dedicated allocation; default AUTO (guess, and retry the other). */
    public B dedicatedAllocation(DedicatedAllocation value) {
        this.dedicated = Objects.requireNonNull(value);
        return self();
    }
}
