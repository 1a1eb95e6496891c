package io.texlink.vulkan;

/**
 * How an exported image lays out its texels. The descriptor tells consumers which one was used:
 * stride 0 is optimal, a stride is linear (for DMA-BUF the DRM format modifier says it).
 */
public enum ImageTiling {
    /** The driver's own layout (fastest on the GPU); not readable by the CPU, stride 0 in the descriptor. */
    OPTIMAL,
    /** Rows one after another at a driver-chosen stride (written into the descriptor); slower on GPUs. */
    LINEAR
}
