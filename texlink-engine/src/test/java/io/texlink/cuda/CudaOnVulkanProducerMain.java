package io.texlink.cuda;

import io.texlink.vulkan.ImageTiling;
import io.texlink.vulkan.VulkanContext;
import io.texlink.vulkan.VulkanFrame;
import io.texlink.vulkan.VulkanFrameAllocator;

import java.lang.foreign.Arena;
import java.util.HashSet;
import java.util.Set;

/**
 * The producer JVM of {@link CudaVulkanInteropIT}'s CUDA-to-Vulkan case: Vulkan allocates and
 * exports the frames, CUDA writes the test pattern into them through a
 * {@link CudaMappedFrameAllocator}, and consumers receive a Vulkan session.
 *
 * <p>Arguments: as {@link CudaProducerMain}'s, then the tiling and the number of frames. Prints
 * what {@link CudaProducerMain#serve} prints and {@code VULKAN live=<objects left>}; exits 0 only
 * when that served right and nothing was left alive.
 */
public final class CudaOnVulkanProducerMain {
    private CudaOnVulkanProducerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        ImageTiling tiling = ImageTiling.valueOf(args[9]);
        VulkanContext vk = VulkanContext.create(VulkanContext.Options.defaults());
        System.out.println("VULKAN " + vk + " identity " + vk.identity());
        Set<Integer> handedOver = new HashSet<>();
        boolean right;
        try (Arena arena = Arena.ofConfined()) {
            right = CudaProducerMain.serve(args, Integer.parseInt(args[10]),
                    () -> CudaMappedFrameAllocator.builder(VulkanFrameAllocator.builder(vk).tiling(tiling).build()).build(),
                    frame -> {
                        if (handedOver.add(frame.index())) {
                            // CUDA cannot change image layouts: Vulkan hands the new image over once (GENERAL,
                            // external queue family); download returns when that is done.
                            VulkanFrame vulkan = (VulkanFrame) ((CudaMappedFrame) frame.buffer()).delegate();
                            vulkan.download(arena.allocate(vulkan.hostSize()));
                        }
                    });
        }
        int live = vk.liveObjectCount();
        vk.close();
        System.out.println("VULKAN live=" + live);
        System.exit(right && live == 0 ? 0 : 3);
    }
}
