package io.texlink.demo.consumer;

import io.texlink.TexlinkUnsupportedException;
import io.texlink.cuda.CudaAvailability;
import io.texlink.vulkan.VulkanContext;
import org.junit.jupiter.api.Assumptions;

/** What the demo pairs' GPU profiles need of this machine; each check skips the calling tests, saying why, where it is missing. */
final class GpuProfiles {
    private GpuProfiles() {
    }

    /**
     * A Vulkan device texlink can create, for an app with the vulkan profile.
     *
     * @return whether the Khronos validation layer is installed, so that the app can run with it
     */
    static boolean requireVulkan() {
        try (VulkanContext device = VulkanContext.create()) {
            return VulkanContext.validationLayerInstalled();
        } catch (TexlinkUnsupportedException | LinkageError e) {
            Assumptions.abort("the vulkan profile needs a Vulkan device texlink can create: " + e.getMessage());
            throw new AssertionError("unreachable");
        }
    }

    /** A working CUDA driver, for an app with the cuda profile. */
    static void requireCuda() {
        CudaAvailability cuda = CudaAvailability.check();
        if (!cuda.available()) {
            Assumptions.abort("the cuda profile needs CUDA (an NVIDIA GPU and driver): " + cuda.reason());
        }
    }
}
