package io.texlink.cuda;

/**
 * Whether memory a Vulkan (or GL) producer exported is a dedicated allocation
 * ({@code VkMemoryDedicatedAllocateInfo}). CUDA must be told when importing it
 * ({@code CUDA_EXTERNAL_MEMORY_DEDICATED}), and the wire does not carry it: texlink's Vulkan
 * backend makes an allocation dedicated where the driver requires or prefers it, which on NVIDIA
 * is the case for images.
 */
public enum DedicatedAllocation {
    /**
     * Textures as dedicated, buffers as not; when the import or mapping fails, the other choice
     * is tried once and the outcome logged.
     */
    AUTO,
    /** Always dedicated. */
    DEDICATED,
    /** Never dedicated. */
    NOT_DEDICATED
}
