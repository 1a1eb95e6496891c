package io.texlink.egl;

import io.texlink.FrameDescriptor;
import io.texlink.PixelFormat;
import io.texlink.backend.ExportedBuffer;
import io.texlink.pattern.TestPattern;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.CompletableFuture;

/**
 * A JVM that uses an EGL context, a GL frame and their Vulkan device, then exits (on NVIDIA an EGL
 * display or Vulkan device left behind, or torn down the wrong way, crashes the JVM at exit).
 * Argument, the way it ends:
 * <ul>
 *   <li>{@code open}: exits with everything open; texlink's shutdown hook must close it;</li>
 *   <li>{@code closed}: closes the allocator and the context, then exits;</li>
 *   <li>{@code written}: writes a few frames (signalling the timeline where GL has one), closes, exits;</li>
 *   <li>{@code worker}: writes the frames on a thread that ends before main closes everything.</li>
 * </ul>
 * Prints {@code LEAVING gl=<live GL objects>} just before {@code System.exit(0)}.
 */
public final class EglShutdownMain {
    private static final FrameDescriptor SHAPE = FrameDescriptor.texture2d(64, 64, PixelFormat.ABGR8888);

    private EglShutdownMain() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length == 0 ? "open" : args[0];
        EglContext context = EglContext.create();
        EglFrameAllocator allocator = EglFrameAllocator.builder(context).build();
        ExportedBuffer frame = allocator.allocate(0, SHAPE);
        switch (mode) {
            case "open" -> {
            }
            case "closed" -> closeAll(frame, allocator, context);
            case "written" -> {
                write((EglTexture) frame);
                closeAll(frame, allocator, context);
            }
            case "worker" -> {
                CompletableFuture.runAsync(() -> write((EglTexture) frame), command -> new Thread(command).start()).get();
                closeAll(frame, allocator, context);
            }
            default -> throw new IllegalArgumentException("mode " + mode);
        }
        System.out.println("LEAVING gl=" + context.liveObjects());
        System.exit(0);
    }

    private static void write(EglTexture frame) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment pixels = arena.allocate(frame.hostSize());
            TestPattern pattern = new TestPattern(frame.hostDescriptor());
            for (long id = 1; id <= 3; id++) {
                pattern.fill(pixels, id);
                frame.beginWrite();
                frame.upload(pixels);
                frame.endWrite();
            }
        }
    }

    private static void closeAll(ExportedBuffer frame, EglFrameAllocator allocator, EglContext context) throws Exception {
        frame.close();
        allocator.close();
        context.close();
    }
}
