package io.texlink.egl;

import io.texlink.backend.DeviceIdentity;

import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What an {@link EglContext}'s display and OpenGL ES context offer, read once when texlink first
 * used the context. {@link #report()} lists everything, for logs and failed GPU runs.
 *
 * @param platform            how the display was reached, e.g. "EGL device platform, device 0 (EGL_MESA_device_software)"
 * @param eglVersion          {@code EGL_VERSION} and {@code EGL_VENDOR}
 * @param renderer            {@code GL_RENDERER}, e.g. "llvmpipe (LLVM 15.0.6, 256 bits)" or "NVIDIA H100 80GB HBM3/PCIe/SSE2"
 * @param glVersion           {@code GL_VERSION}, e.g. "OpenGL ES 3.2 Mesa 22.3.6"
 * @param clientExtensions    EGL client extensions ({@code eglQueryString(EGL_NO_DISPLAY, EGL_EXTENSIONS)})
 * @param displayExtensions   the display's EGL extensions
 * @param glExtensions        the context's OpenGL ES extensions
 * @param identity            device and driver UUID from {@code GL_EXT_memory_object} (or {@code GL_EXT_semaphore});
 *                            empty where neither extension is offered
 */
public record EglCapabilities(String platform, String eglVersion, String renderer, String glVersion,
                              Set<String> clientExtensions, Set<String> displayExtensions, Set<String> glExtensions,
                              Optional<DeviceIdentity> identity) {
    public EglCapabilities {
        clientExtensions = Set.copyOf(clientExtensions);
        displayExtensions = Set.copyOf(displayExtensions);
        glExtensions = Set.copyOf(glExtensions);
    }

    /** True when the display offers the EGL extension {@code name} (client extensions count too). */
    public boolean hasEgl(String name) {
        return displayExtensions.contains(name) || clientExtensions.contains(name);
    }

    /** True when the context offers the OpenGL ES extension {@code name}. */
    public boolean hasGl(String name) {
        return glExtensions.contains(name);
    }

    /** Textures and buffers import from OPAQUE_FD memory ({@code GL_EXT_memory_object_fd}). */
    public boolean opaqueFdMemory() {
        return hasGl("GL_EXT_memory_object") && hasGl("GL_EXT_memory_object_fd");
    }

    /** A producer's timeline semaphore imports and can be waited on and signalled ({@code GL_EXT_semaphore_fd} + {@code GL_NV_timeline_semaphore}). */
    public boolean timelineSemaphores() {
        return hasGl("GL_EXT_semaphore") && hasGl("GL_EXT_semaphore_fd") && hasGl("GL_NV_timeline_semaphore");
    }

    /** 2D textures import from DMA-BUFs ({@code EGL_EXT_image_dma_buf_import} + {@code GL_OES_EGL_image}). */
    public boolean dmaBufImport() {
        return hasEgl("EGL_EXT_image_dma_buf_import") && hasGl("GL_OES_EGL_image");
    }

    /** 2D textures export as DMA-BUFs ({@code EGL_MESA_image_dma_buf_export} + {@code EGL_KHR_gl_texture_2D_image}). */
    public boolean dmaBufExport() {
        return hasEgl("EGL_MESA_image_dma_buf_export") && hasEgl("EGL_KHR_gl_texture_2D_image");
    }

    /** One line for logs: renderer, versions, platform, UUIDs and what can be shared. */
    public String summary() {
        return renderer + " (" + glVersion + "; EGL " + eglVersion + "; " + platform + "; "
                + identity.map(DeviceIdentity::toString).orElse("no device UUID") + "): memory "
                + (opaqueFdMemory() ? "OPAQUE_FD" : "-") + (dmaBufImport() ? ", DMA-BUF import" : "")
                + (dmaBufExport() ? ", DMA-BUF export" : "") + "; sync "
                + (timelineSemaphores() ? "timeline semaphores" : hasGl("GL_EXT_semaphore_fd") ? "binary semaphores only" : "glFinish");
    }

    /** {@link #summary()} and every extension, one list per line: what a failed run on another machine needs. */
    public String report() {
        return summary() + "\n  EGL client extensions: " + String.join(" ", new TreeSet<>(clientExtensions))
                + "\n  EGL display extensions: " + String.join(" ", new TreeSet<>(displayExtensions))
                + "\n  GL extensions: " + String.join(" ", new TreeSet<>(glExtensions));
    }
}
