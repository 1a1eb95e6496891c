package io.texlink.egl;

import io.texlink.FrameDescriptor;
import io.texlink.FrameType;
import io.texlink.PixelFormat;
import io.texlink.TexlinkUnsupportedException;
import io.texlink.vulkan.VulkanFrame;
import io.texlink.vulkan.VulkanImage;
import org.junit.jupiter.api.Assumptions;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * What the EGL tests share: a context or a clean skip with the reason, the capability report
 * printed once (so a failed run on another machine shows what its driver offers), and host access
 * to a shared frame of either backend.
 */
public final class EglTestSupport {
    private static boolean reported;

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

    /**
     * Skips, with the reason found here, unless EGL and Vulkan can share frames of {@code type}: an
     * OpenGL ES context that imports OPAQUE_FD memory, a Vulkan device with the same UUIDs, and, for
     * buffers, a GL driver that places buffers in imported memory (Mesa llvmpipe 22.3 does not).
     */
    public static void interopOrSkip(FrameType type) {
        try (EglContext gl = contextOrSkip()) {
            assumeOpaqueFd(gl);
            EglFrameAllocator allocator;
            try {
                allocator = EglFrameAllocator.builder(gl).build();
            } catch (TexlinkUnsupportedException e) {
                Assumptions.abort("EGL and Vulkan share no GPU here (" + gl.capabilities().summary() + "): " + e.getMessage());
                throw new AssertionError("unreachable");
            }
            try (allocator) {
                if (!type.isTexture()) {
                    allocator.allocate(0, FrameDescriptor.buffer(type, 4096)).close();
                }
            } catch (TexlinkUnsupportedException e) {
                Assumptions.abort(e.getMessage());
            }
        }
    }

    /**
     * A frame shape written as its type and numbers, the way {@link EglProducerMain} takes it:
     * {@code TEXTURE_2D 256x128 ABGR8888}, {@code TEXTURE_3D 32x32x8 ABGR8888},
     * {@code TEXTURE_CUBE 64x64 ARGB8888}, {@code RAW 4096}.
     */
    public static FrameDescriptor shape(String text) {
        String[] words = text.trim().split("\\s+");
        FrameType type = FrameType.valueOf(words[0]);
        if (!type.isTexture()) {
            return FrameDescriptor.buffer(type, Long.parseLong(words[1]));
        }
        int[] size = Arrays.stream(words[1].split("x")).mapToInt(Integer::parseInt).toArray();
        PixelFormat format = PixelFormat.valueOf(words[2]);
        return switch (type) {
            case TEXTURE_3D -> FrameDescriptor.texture3d(size[0], size[1], size[2], format);
            case TEXTURE_CUBE -> FrameDescriptor.textureCube(size[0], format);
            default -> FrameDescriptor.texture2d(size[0], size[1], format);
        };
    }

    /** The frame type of a shape as {@code VulkanProducerMain} takes it ({@code 2d:…}, {@code 3d:…}, {@code cube:…}, {@code RAW:4096}). */
    public static FrameType vulkanShapeType(String shape) {
        String kind = shape.substring(0, shape.indexOf(':'));
        return switch (kind) {
            case "2d" -> FrameType.TEXTURE_2D;
            case "3d" -> FrameType.TEXTURE_3D;
            case "cube" -> FrameType.TEXTURE_CUBE;
            default -> FrameType.valueOf(kind);
        };
    }

    /** Moving test pattern bytes in and out of a shared frame, whichever backend made it. */
    public interface HostAccess {
        /** Tightly packed host shape, for {@link io.texlink.pattern.TestPattern}. */
        FrameDescriptor hostShape();

        void upload(MemorySegment contents);

        void download(MemorySegment destination);

        /** Bytes of {@link #hostShape()}. */
        default long hostSize() {
            return hostShape().size();
        }
    }

    /** Host access to an {@link EglTexture}, {@link EglBuffer}, {@link VulkanImage} or Vulkan buffer. */
    public static HostAccess hostAccess(Object frame) {
        return switch (frame) {
            case EglTexture t -> access(t.hostDescriptor(), t::upload, t::download);
            case EglBuffer b -> access(b.descriptor(), b::upload, b::download);
            case VulkanImage i -> access(i.hostDescriptor(), i::upload, i::download);
            case VulkanFrame v -> access(v.descriptor(), v::upload, v::download);
            default -> throw new IllegalArgumentException("not a GPU frame: " + frame);
        };
    }

    private static HostAccess access(FrameDescriptor shape, Consumer<MemorySegment> upload,
                                     Consumer<MemorySegment> download) {
        return new HostAccess() {
            @Override
            public FrameDescriptor hostShape() {
                return shape;
            }

            @Override
            public void upload(MemorySegment contents) {
                upload.accept(contents);
            }

            @Override
            public void download(MemorySegment destination) {
                download.accept(destination);
            }
        };
    }
}
