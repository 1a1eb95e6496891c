package io.texlink.egl;

import io.texlink.FrameDescriptor;
import io.texlink.TexlinkUnsupportedException;
import io.texlink.vulkan.VulkanFrame;
import io.texlink.vulkan.VulkanImage;
import org.junit.jupiter.api.Assumptions;

import java.lang.foreign.MemorySegment;

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

    private static HostAccess access(FrameDescriptor shape, java.util.function.Consumer<MemorySegment> upload,
                                     java.util.function.Consumer<MemorySegment> download) {
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
