package io.texlink.spring.autoconfigure.backend;

import io.texlink.vulkan.VulkanCapabilities;
import io.texlink.vulkan.VulkanContext;

import java.util.Optional;

/**
 * Whether the Vulkan backend can work in this JVM, found by doing what it will do: create a
 * texlink {@link VulkanContext} on the best device (instance, device and queue; about 20 ms on
 * lavapipe once LWJGL is loaded), read what the device can share, and close it again, which
 * destroys the device and the instance ({@code vkDestroyDevice}, {@code vkDestroyInstance}, on the
 * thread that created them). It runs once per JVM; the answer is kept.
 *
 * <p>It never throws: a missing loader, a failing driver, LWJGL natives that do not load, or no
 * Vulkan 1.2 device become an unusable outcome with the reason. The one thing it cannot guard
 * against is a driver that crashes inside {@code vkCreateInstance} or {@code vkCreateDevice};
 * it therefore runs only once every cheaper condition matched, including that
 * {@code libvulkan.so.1} loads.
 */
final class VulkanDeviceProbe {

    private VulkanDeviceProbe() {
    }

    /** The probe's outcome, probing on the first call. */
    static ProbeOutcome outcome() {
        return Once.OUTCOME;
    }

    /** Holder: the JVM runs the probe exactly once, on first use, and publishes its outcome safely. */
    private static final class Once {
        static final ProbeOutcome OUTCOME = probe();
    }

    private static ProbeOutcome probe() {
        try (VulkanContext context = VulkanContext.create(new VulkanContext.Options(false, Optional.empty(),
                "texlink device probe"))) {
            VulkanCapabilities device = context.capabilities();
            if (!device.opaqueFdMemory() && !device.dmaBufMemory()) {
                return new ProbeOutcome(false, device.deviceName() + " cannot share memory with other processes"
                        + " (neither VK_KHR_external_memory_fd nor VK_EXT_external_memory_dma_buf)");
            }
            return new ProbeOutcome(true, "texlink created a Vulkan device: " + device.summary());
        } catch (RuntimeException | LinkageError e) {
            return new ProbeOutcome(false, "texlink cannot create a Vulkan device here: " + e.getMessage());
        }
    }
}
