package io.texlink.egl;

import io.texlink.FrameDescriptor;
import io.texlink.testing.PatternProducer;
import io.texlink.testing.ShapeArgument;
import io.texlink.vulkan.ImageTiling;

import java.nio.file.Path;

/**
 * The producer JVM of the cross-process EGL tests: serves one session of GL frames (an
 * {@link EglFrameAllocator} in a context of its own) and writes the test pattern of each frame id
 * into the GL texture or buffer.
 *
 * <p>Arguments: socket, shape (as {@link ShapeArgument} reads it), tiling, frames, milliseconds
 * between frames. Prints the EGL capabilities, {@code READY <sync handle> <handle> <sync mode>
 * <descriptor>} once listening, {@code PUBLISHED n} after the last frame, and at the end
 * {@code CLEAN gl=<objects left> vulkan=<objects left>}; exits 0 only when the consumer came and
 * went, every frame id was as expected and nothing was left alive.
 */
public final class EglProducerMain {
    private EglProducerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Path socket = Path.of(args[0]);
        FrameDescriptor shape = ShapeArgument.parse(args[1]);
        ImageTiling tiling = ImageTiling.valueOf(args[2]);
        int frames = Integer.parseInt(args[3]);
        long paceMillis = Long.parseLong(args[4]);

        EglContext context = EglContext.create();
        System.out.println("EGL capabilities: " + context.capabilities().report());
        EglFrameAllocator[] made = new EglFrameAllocator[1];
        boolean served = PatternProducer.serve(socket, shape,
                () -> made[0] = EglFrameAllocator.builder(context).tiling(tiling).build(),
                server -> server.meta().syncHandleType() + " " + server.meta().handleType() + " " + made[0].syncMode() + " "
                        + server.meta().descriptor(),
                frame -> EglTestSupport.hostAccess(frame.buffer()), frames, paceMillis);
        // The server closed the frames and the allocator, and the allocator its Vulkan context, whose ledger stays readable.
        int vulkanLeft = made[0].vulkanContext() == null ? 0 : made[0].vulkanContext().liveObjectCount();
        int glLeft = context.liveObjectCount();
        context.close();
        System.out.println("CLEAN gl=" + glLeft + " vulkan=" + vulkanLeft);
        System.exit(glLeft == 0 && vulkanLeft == 0 && served ? 0 : 3);
    }
}
