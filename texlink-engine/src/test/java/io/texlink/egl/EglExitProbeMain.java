package io.texlink.egl;

import io.texlink.FrameDescriptor;
import io.texlink.PixelFormat;
import io.texlink.backend.ExportedBuffer;
import io.texlink.lifecycle.OwnerThread;

import java.util.concurrent.Callable;

import static org.lwjgl.egl.EGL12.eglReleaseThread;

/**
 * One way of using and leaving EGL (and Vulkan) before the JVM exits, for checking which ways a
 * driver survives (scripts/egl-exit-matrix.sh runs them all; docs/egl.md has NVIDIA's results).
 * Arguments: platform (DEVICE, SURFACELESS), frame (none: a context only; vulkan: a GL texture
 * over Vulkan memory), teardown (hook: texlink's exit hook; main: closed on main; owner: created,
 * used and closed on a thread of the application that outlives main), release (yes: that thread
 * then calls eglReleaseThread), exit (exit: System.exit; halt: Runtime.halt, which skips the hook).
 */
public final class EglExitProbeMain {
    private EglExitProbeMain() {
    }

    public static void main(String[] args) throws Exception {
        EglContext.Platform platform = EglContext.Platform.valueOf(args[0]);
        boolean vulkan = args[1].equals("vulkan");
        String teardown = args[2];
        boolean release = args[3].equals("yes");
        Callable<Void> work = () -> {
            EglContext context = EglContext.create(EglContext.Options.defaults().withPlatform(platform));
            EglFrameAllocator allocator = vulkan ? EglFrameAllocator.builder(context).build() : null;
            ExportedBuffer frame = vulkan ? allocator.allocate(0, FrameDescriptor.texture2d(64, 64, PixelFormat.ABGR8888)) : null;
            if (!teardown.equals("hook")) {
                if (frame != null) {
                    frame.close();
                    allocator.close();
                }
                context.close();
            }
            if (release) {
                eglReleaseThread();
            }
            return null;
        };
        if (teardown.equals("owner")) {
            OwnerThread.named("probe-owner").call(work);
        } else {
            work.call();
        }
        System.out.println("LEAVING " + String.join(" ", args));
        if (args[4].equals("halt")) {
            Runtime.getRuntime().halt(0);
        }
        System.exit(0);
    }
}
