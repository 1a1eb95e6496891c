package io.texlink.spring.autoconfigure.backend;

import io.texlink.egl.EglCapabilities;
import io.texlink.egl.EglContext;

/**
 * Whether the EGL backend can work in this JVM, found by doing what it will do: create a texlink
 * {@link EglContext} (display and OpenGL ES 3 context, on texlink's {@code texlink-egl} thread),
 * read what GL can share, and close it again, which destroys the context and terminates the
 * display. It runs once per JVM; the answer is kept.
 *
 * <p>It never throws: no EGL library (LWJGL names it), no display that gives an OpenGL ES 3
 * context, LWJGL natives that do not load, or a context that shares nothing become an unusable
 * outcome with the reason. It runs only once every cheaper condition matched, including that
 * {@code libEGL.so.1} loads.
 */
final class EglContextProbe {

    private EglContextProbe() {
    }

    /** The probe's outcome, probing on the first call. */
    static ProbeOutcome outcome() {
        return Once.OUTCOME;
    }

    /** Holder: the JVM runs the probe exactly once, on first use, and publishes its outcome safely. */
    private static final class Once {
        static final ProbeOutcome OUTCOME = probe();
    }

    private static ProbeOutcome probe() {
        try (EglContext context = EglContext.create()) {
            EglCapabilities gl = context.capabilities();
            boolean opaqueFd = gl.opaqueFdMemory() && gl.identity().isPresent();
            if (!opaqueFd && !gl.dmaBufImport() && !gl.dmaBufExport()) {
                return new ProbeOutcome(false, gl.renderer() + " cannot share memory with other processes (neither"
                        + " GL_EXT_memory_object_fd with device UUIDs nor EGL_EXT_image_dma_buf_import nor"
                        + " EGL_MESA_image_dma_buf_export): " + gl.summary());
            }
            return new ProbeOutcome(true, "texlink created an EGL context: " + gl.summary());
        } catch (RuntimeException | LinkageError e) {
            return new ProbeOutcome(false, "texlink cannot create an EGL context here: " + e.getMessage());
        }
    }
}
