package io.texlink.vulkan;

/**
 * What a {@link VulkanContext}'s device can share, found when the context was made. Each flag is
 * true only where the extension or feature is both present and enabled on the {@code VkDevice}.
 *
 * @param deviceName                   the physical device's name, e.g. "NVIDIA H100 80GB HBM3"
 * @param driver                       driver name and version text
 * @param apiVersion                   the Vulkan version the device was created for ({@code VK_MAKE_API_VERSION})
 * @param opaqueFdMemory               memory exports and imports as {@code OPAQUE_FD} ({@code VK_KHR_external_memory_fd})
 * @param dmaBufMemory                 memory exports and imports as DMA-BUF ({@code VK_EXT_external_memory_dma_buf})
 * @param drmFormatModifiers           images can use DRM format modifiers ({@code VK_EXT_image_drm_format_modifier})
 * @param timelineSemaphores           the {@code timelineSemaphore} feature is enabled
 * @param exportableTimelineSemaphores timeline semaphores export and import as {@code OPAQUE_FD}
 *                                     ({@code VK_KHR_external_semaphore_fd}): GPU-side sync across processes
 * @param syncFdSemaphores             binary semaphores export as {@code SYNC_FD} (reported only; texlink's
 *                                     server carries no per-frame sync file yet)
 * @param validation                   the Khronos validation layer is on for this context
 */
public record VulkanCapabilities(String deviceName, String driver, int apiVersion, boolean opaqueFdMemory,
                                 boolean dmaBufMemory, boolean drmFormatModifiers, boolean timelineSemaphores,
                                 boolean exportableTimelineSemaphores, boolean syncFdSemaphores, boolean validation) {

    /** One line for logs: device, driver, Vulkan version and what it shares. */
    public String summary() {
        return deviceName + " (" + driver + ", Vulkan " + (apiVersion >>> 22 & 0x7f) + "." + (apiVersion >>> 12 & 0x3ff)
                + "): memory " + (opaqueFdMemory ? "OPAQUE_FD" : "-") + (dmaBufMemory ? " DMA_BUF" : "")
                + (drmFormatModifiers ? " +DRM modifiers" : "")
                + "; sync " + (exportableTimelineSemaphores ? "timeline semaphore (OPAQUE_FD)" : "fence on the producer")
                + (syncFdSemaphores ? ", SYNC_FD available" : "")
                + (validation ? "; validation on" : "");
    }
}
