package io.texlink.demo.consumer;

import io.texlink.TexlinkUnsupportedException;
import io.texlink.cuda.CudaAvailability;
import io.texlink.egl.EglContext;
import io.texlink.egl.EglFrameAllocator;
import io.texlink.vulkan.VulkanContext;
import org.junit.jupiter.api.Assumptions;

/** What the demo pairs' GPU profiles need of this machine; each check skips the calling tests, saying why, where it is missing. */
final class GpuProfiles {
    private GpuProfiles() {
    }

    /** What {@code app}'s profile needs: {@link #requireCuda}, {@link #requireVulkan} or {@link #requireEglVulkanInterop}. */
    static void require(DemoPairContract.App app) {
        switch (app.backend()) {
            case "cuda" -> requireCuda();
            case "vulkan" -> requireVulkan();
            case "egl" -> requireEglVulkanInterop();
            default -> throw new IllegalArgumentException("no GPU profile " + app.backend());
        }
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

    /**
     * An EGL context that shares memory with a Vulkan device on its GPU, for an app with the egl
     * profile that consumes a Vulkan producer: what building an OPAQUE_FD allocator in it proves
     * (GL_EXT_memory_object_fd, the GPU's UUIDs, a Vulkan device with the same ones).
     */
    static void requireEglVulkanInterop() {
        try (EglContext gl = EglContext.create();
             EglFrameAllocator interop = EglFrameAllocator.builder(gl).memoryHandle(EglFrameAllocator.MemoryHandle.OPAQUE_FD)
                     .build()) {
            System.out.println("EGL and Vulkan share frames here: " + interop);
        } catch (TexlinkUnsupportedException | LinkageError e) {
            Assumptions.abort("the egl profile with a Vulkan producer needs EGL and Vulkan interop (an OpenGL ES 3 context"
                    + " with GL_EXT_memory_object_fd and a Vulkan device on the same GPU): " + e.getMessage());
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
