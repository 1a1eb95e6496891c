package io.texlink.egl;

import io.texlink.FrameDescriptor;
import io.texlink.PixelFormat;
import io.texlink.backend.ExportedBuffer;
import io.texlink.lifecycle.OwnerThread;
import io.texlink.pattern.TestPattern;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.CompletableFuture;

/**
 * A JVM that uses an EGL context, a GL frame and their Vulkan device, then exits (on NVIDIA an EGL
 * display or Vulkan device left behind, or a thread left with EGL state, crashes the JVM at exit).
 * Arguments: the way it ends, then optionally the platform, {@code release} and {@code halt}:
 * <ul>
 *   <li>{@code open}: exits with everything open; texlink's shutdown hook must close it;</li>
 *   <li>{@code closed}: closes the allocator and the context, then exits;</li>
 *   <li>{@code written}: writes a few frames (signalling the timeline where GL has one), closes, exits;</li>
 *   <li>{@code worker}: writes the frames on a thread that ends before main closes everything;</li>
 *   <li>{@code kept}: creates, writes and closes everything on an application thread that is
 *       still alive at exit;</li>
 *   <li>platform: {@code AUTO} (default), {@code DEVICE} or {@code SURFACELESS};</li>
 *   <li>{@code release}: the thread that called texlink then calls {@code eglReleaseThread} too;</li>
 *   <li>{@code halt}: ends with {@code Runtime.halt}, which skips the shutdown hook, instead of
 *       {@code System.exit}.</li>
 * </ul>
 * Prints {@code LEAVING gl=<live GL objects>} just before it exits. scripts/egl-exit-matrix.sh
 * runs every combination; docs/egl.md has NVIDIA's results.
 */
public final class EglShutdownMain {
    private static final FrameDescriptor SHAPE = FrameDescriptor.texture2d(64, 64, PixelFormat.ABGR8888);

    private EglShutdownMain() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "open";
        EglContext.Platform platform = EglContext.Platform.valueOf(args.length > 1 ? args[1] : "AUTO");
        boolean release = args.length > 2 && args[2].equals("release");
        boolean halt = args.length > 3 && args[3].equals("halt");
        EglContext[] used = new EglContext[1];
        Runnable work = () -> {
            used[0] = use(mode, platform);
            if (release) {
                EglContext.releaseThread();
            }
        };
        if (mode.equals("kept")) {
            OwnerThread.named("application-thread").call(() -> {
                work.run();
                return null;
            });
        } else {
            work.run();
        }
        System.out.println("LEAVING gl=" + used[0].liveObjects());
        if (halt) {
            Runtime.getRuntime().halt(0);
        }
        System.exit(0);
    }

    /** Uses and, unless {@code mode} is {@code open}, closes a context, an allocator and a frame. */
    private static EglContext use(String mode, EglContext.Platform platform) {
        EglContext context = EglContext.create(EglContext.Options.defaults().withPlatform(platform));
        EglFrameAllocator allocator = EglFrameAllocator.builder(context).build();
        ExportedBuffer frame = allocator.allocate(0, SHAPE);
        switch (mode) {
            case "open" -> {
                return context;
            }
            case "closed" -> {
            }
            case "written", "kept" -> write((EglTexture) frame);
            case "worker" -> CompletableFuture.runAsync(() -> write((EglTexture) frame),
                    command -> new Thread(command).start()).join();
            default -> throw new IllegalArgumentException("mode " + mode);
        }
        frame.close();
        allocator.close();
        context.close();
        return context;
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
}
