package io.texlink.egl;

import io.texlink.FrameDescriptor;
import io.texlink.FrameType;
import io.texlink.PixelFormat;
import io.texlink.TexlinkUnsupportedException;
import io.texlink.testing.HostAccess;
import io.texlink.vulkan.ImageTiling;
import io.texlink.vulkan.VulkanFrame;
import io.texlink.vulkan.VulkanTestSupport;
import org.junit.jupiter.api.Assumptions;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the EGL tests share: a context or a clean skip with the reason, the capability report
 * printed once (so a failed run on another machine shows what its driver offers), and host access
 * to a shared frame of either backend.
 */
public final class EglTestSupport {
    private static boolean reported;
    /** What {@link #interopOrSkip} found per kind of frame and tiling: the reason to skip, or empty. */
    private static final Map<String, Optional<String>> INTEROP = new ConcurrentHashMap<>();

    private EglTestSupport() {
    }

    /** A texlink-created context (on {@code options}), or the test is skipped with the reason there is none. */
    public static EglContext contextOrSkip(EglContext.Options options) {
        try {
            EglContext context = EglContext.create(options);
            report(context);
            return context;
        } catch (TexlinkUnsupportedException | LinkageError e) {
            Assumptions.abort("no usable EGL/OpenGL ES 3 context here: " + e.getMessage());
            throw new AssertionError("unreachable");
        }
    }

    public static EglContext contextOrSkip() {
        return contextOrSkip(EglContext.Options.defaults());
    }

    /** Prints the context's capabilities (all extensions and UUIDs) the first time in this JVM. */
    public static synchronized void report(EglContext context) {
        if (!reported) {
            reported = true;
            System.out.println("EGL capabilities: " + context.capabilities().report());
        }
    }

    /** Skips the test, with the missing extension, unless GL imports OPAQUE_FD memory and knows its GPU. */
    public static void assumeOpaqueFd(EglContext context) {
        EglCapabilities caps = context.capabilities();
        Assumptions.assumeTrue(caps.opaqueFdMemory() && caps.identity().isPresent(),
                () -> "GL_EXT_memory_object_fd with device UUIDs is missing: " + caps.summary());
    }

    /** {@link #interopOrSkip(FrameType, ImageTiling)} for optimal tiling. */
    public static void interopOrSkip(FrameType type) {
        interopOrSkip(type, ImageTiling.OPTIMAL);
    }

    /**
     * Skips, with the reason found here, unless EGL and Vulkan can share frames of {@code type}
     * and {@code tiling}: an OpenGL ES context that imports OPAQUE_FD memory, a Vulkan device with
     * the same UUIDs, for buffers a GL driver that places buffers in imported memory (Mesa
     * llvmpipe 22.3 does not), and for linear 2D textures a GL driver that lays them out as
     * Vulkan does (NVIDIA 580 refuses them). Mesa must take linear textures: there a refusal fails.
     */
    public static void interopOrSkip(FrameType type, ImageTiling tiling) {
        // Probed once per kind of frame and JVM: each probe makes a Vulkan device, and NVIDIA refuses
        // new Vulkan instances after some dozens in one process.
        String kind = (type.isTexture() ? "texture" : type.name()) + " " + tiling;
        INTEROP.computeIfAbsent(kind, k -> probeInterop(type, tiling)).ifPresent(Assumptions::abort);
    }

    /** Why frames of {@code type} and {@code tiling} cannot be shared here, or empty where they can. */
    private static Optional<String> probeInterop(FrameType type, ImageTiling tiling) {
        try (EglContext gl = contextOrSkip()) {
            assumeOpaqueFd(gl);
            EglFrameAllocator allocator;
            try {
                allocator = EglFrameAllocator.builder(gl).tiling(tiling).build();
            } catch (TexlinkUnsupportedException e) {
                return Optional.of("EGL and Vulkan share no GPU here (" + gl.capabilities().summary() + "): " + e.getMessage());
            }
            try (allocator) {
                if (!type.isTexture()) {
                    allocator.allocate(0, FrameDescriptor.buffer(type, 4096)).close();
                } else if (tiling == ImageTiling.LINEAR) {
                    allocator.allocate(0, FrameDescriptor.texture2d(16, 16, PixelFormat.ABGR8888)).close();
                }
                return Optional.empty();
            } catch (TexlinkUnsupportedException e) {
                if (tiling == ImageTiling.LINEAR && gl.capabilities().glVersion().contains("Mesa")) {
                    throw e;
                }
                return Optional.of(e.getMessage());
            }
        }
    }

    /** Host access to an {@link EglTexture}, {@link EglBuffer}, or Vulkan image or buffer. */
    public static HostAccess hostAccess(Object frame) {
        return switch (frame) {
            case EglTexture t -> HostAccess.of(t.hostDescriptor(), t::upload, t::download);
            case EglBuffer b -> HostAccess.of(b.descriptor(), b::upload, b::download);
            case VulkanFrame v -> VulkanTestSupport.hostAccess(v);
            default -> throw new IllegalArgumentException("not a GPU frame: " + frame);
        };
    }
}
