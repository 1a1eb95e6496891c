package io.texlink.vulkan;

import io.texlink.FrameDescriptor;
import io.texlink.testing.ClaimsAnotherGpu;
import io.texlink.testing.PatternProducer;
import io.texlink.testing.ShapeArgument;

import java.nio.file.Path;
import java.util.List;

/**
 * The producer JVM of the cross-process Vulkan tests: serves one session of Vulkan frames on a
 * socket and writes the test pattern of each frame id into it on the GPU.
 *
 * <p>Arguments: socket, shape (as {@link ShapeArgument} reads it), tiling, sync mode, frames,
 * milliseconds between frames (0: as fast as buffers come free), and {@code own} or
 * {@code elsewhere} (claim another GPU's identity, for the refusal test).
 *
 * <p>Prints {@code READY <sync handle> <handle> <descriptor>} once listening, {@code PUBLISHED n}
 * after the last frame, and at the end {@code CLEAN live=<objects left> validation=<errors>};
 * exits 0 only when the consumer came and went, every frame id was as expected, nothing was left
 * alive and the validation layer (where installed) reported no error.
 */
public final class VulkanProducerMain {
    private VulkanProducerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path socket = Path.of(args[0]);
        FrameDescriptor shape = ShapeArgument.parse(args[1]);
        ImageTiling tiling = ImageTiling.valueOf(args[2]);
        VulkanFrameAllocator.SyncMode sync = VulkanFrameAllocator.SyncMode.valueOf(args[3]);
        int frames = Integer.parseInt(args[4]);
        long paceMillis = Long.parseLong(args[5]);
        boolean claimElsewhere = args[6].equals("elsewhere");

        VulkanContext context = VulkanContext.create(VulkanTestSupport.options());
        boolean served = PatternProducer.serve(socket, shape,
                () -> {
                    VulkanFrameAllocator allocator = VulkanFrameAllocator.builder(context).tiling(tiling).sync(sync).build();
                    return claimElsewhere ? new ClaimsAnotherGpu(allocator) : allocator;
                },
                server -> server.meta().syncHandleType() + " " + server.meta().handleType() + " " + server.meta().descriptor(),
                frame -> VulkanTestSupport.hostAccess((VulkanFrame) frame.buffer()), frames, paceMillis);
        int live = context.liveObjectCount();
        context.close();
        List<String> errors = context.validationErrors();
        System.out.println("CLEAN live=" + live + " validation=" + errors.size());
        errors.forEach(e -> System.out.println("VALIDATION " + e));
        System.exit(live == 0 && errors.isEmpty() && served ? 0 : 3);
    }
}
