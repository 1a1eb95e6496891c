package io.texlink.egl;

import io.texlink.FrameDescriptor;
import io.texlink.PixelFormat;

/**
 * A JVM that exits with an EGL context, a GL frame and their Vulkan device still open: the
 * shutdown hook must close them (on NVIDIA an initialized EGL display at exit crashes the JVM).
 */
public final class EglShutdownMain {
    private EglShutdownMain() {
    }

    public static void main(String[] args) {
        EglContext context = EglContext.create();
        EglFrameAllocator allocator = EglFrameAllocator.builder(context).build();
        allocator.allocate(0, FrameDescriptor.texture2d(64, 64, PixelFormat.ABGR8888));
        System.out.println("LEAVING gl=" + context.liveObjects());
        System.exit(0);
    }
}
