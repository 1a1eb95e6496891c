package io.texlink.egl;

import io.texlink.TexlinkResourceException;
import io.texlink.TexlinkUnsupportedException;

import static org.lwjgl.egl.EGL10.eglGetError;
import static org.lwjgl.opengles.GLES20.glGetError;

/**
 * The one place where an EGL or OpenGL ES error becomes an exception: every EGL call of this
 * package that can fail and every group of GL calls pass through here, which names the call and
 * the error code, and every missing extension is reported by {@link #require}.
 */
final class GlErrors {
    private static final int GL_NO_ERROR = 0;

    private GlErrors() {
    }

    /**
     * Throws {@link TexlinkResourceException} naming {@code call} and every error GL recorded since
     * the last check (GL keeps one flag per kind of error); returns quietly when there is none.
     */
    static void checkGl(String call) {
        int error = glGetError();
        if (error == GL_NO_ERROR) {
            return;
        }
        StringBuilder names = new StringBuilder(glName(error));
        for (int more = glGetError(), n = 0; more != GL_NO_ERROR && n < 8; more = glGetError(), n++) {
            names.append(", ").append(glName(more));
        }
        throw new TexlinkResourceException(call + " raised " + names);
    }

    /**
     * {@link #checkGl}, except that {@code GL_OUT_OF_MEMORY} becomes a {@link TexlinkUnsupportedException}
     * saying that the driver cannot do {@code what}: drivers report a storage they do not implement that way
     * (Mesa llvmpipe 22.3 for buffers over memory objects).
     */
    static void checkGlSupported(String call, String what, EglCapabilities where) {
        checkGlSupported(call, 0x0505, what, "which is what this driver answers for a storage it does not implement",
                where);
    }

    /**
     * {@link #checkGl}, except that {@code refusal} (a GL error code) becomes a
     * {@link TexlinkUnsupportedException} saying that the driver cannot do {@code what}, followed by
     * {@code meaning}: what that error means from this call, and what to do.
     */
    static void checkGlSupported(String call, int refusal, String what, String meaning, EglCapabilities where) {
        int error = glGetError();
        if (error == refusal) {
            clearGl();
            throw new TexlinkUnsupportedException(where.renderer() + " (" + where.glVersion() + ") cannot " + what + ": "
                    + call + " raised " + glName(error) + ", " + meaning);
        }
        if (error != GL_NO_ERROR) {
            throw new TexlinkResourceException(call + " raised " + glName(error));
        }
    }

    /** Discards errors recorded before texlink's calls (the application's), so they are not blamed on texlink. */
    static void clearGl() {
        for (int n = 0; n < 8 && glGetError() != GL_NO_ERROR; n++) {
            // drain
        }
    }

    /** A {@link TexlinkResourceException} for an EGL call that returned failure, with {@code eglGetError()}. */
    static TexlinkResourceException eglFailure(String call) {
        return new TexlinkResourceException(call + " failed: " + eglName(eglGetError()));
    }

    /**
     * @throws TexlinkUnsupportedException naming {@code extension} and what needed it, when
     *                                     {@code present} is false
     */
    static void require(boolean present, String extension, String what, EglCapabilities where) {
        if (!present) {
            throw new TexlinkUnsupportedException(what + " needs " + extension + ", which " + where.renderer()
                    + " (" + where.glVersion() + ", " + where.platform() + ") does not offer");
        }
    }

    /** The registry name of a GL error code, e.g. {@code GL_INVALID_OPERATION}. */
    static String glName(int error) {
        return switch (error) {
            case 0x0500 -> "GL_INVALID_ENUM";
            case 0x0501 -> "GL_INVALID_VALUE";
            case 0x0502 -> "GL_INVALID_OPERATION";
            case 0x0503 -> "GL_STACK_OVERFLOW";
            case 0x0504 -> "GL_STACK_UNDERFLOW";
            case 0x0505 -> "GL_OUT_OF_MEMORY";
            case 0x0506 -> "GL_INVALID_FRAMEBUFFER_OPERATION";
            case 0x0507 -> "GL_CONTEXT_LOST";
            default -> "GL error 0x" + Integer.toHexString(error);
        };
    }

    /** The registry name of an EGL error code, e.g. {@code EGL_BAD_ACCESS}. */
    static String eglName(int error) {
        String name = switch (error) {
            case 0x3000 -> "EGL_SUCCESS";
            case 0x3001 -> "EGL_NOT_INITIALIZED";
            case 0x3002 -> "EGL_BAD_ACCESS";
            case 0x3003 -> "EGL_BAD_ALLOC";
            case 0x3004 -> "EGL_BAD_ATTRIBUTE";
            case 0x3005 -> "EGL_BAD_CONFIG";
            case 0x3006 -> "EGL_BAD_CONTEXT";
            case 0x3007 -> "EGL_BAD_CURRENT_SURFACE";
            case 0x3008 -> "EGL_BAD_DISPLAY";
            case 0x3009 -> "EGL_BAD_MATCH";
            case 0x300A -> "EGL_BAD_NATIVE_PIXMAP";
            case 0x300B -> "EGL_BAD_NATIVE_WINDOW";
            case 0x300C -> "EGL_BAD_PARAMETER";
            case 0x300D -> "EGL_BAD_SURFACE";
            case 0x300E -> "EGL_CONTEXT_LOST";
            case 0x322B -> "EGL_BAD_DEVICE_EXT";
            default -> "EGL error";
        };
        return name + " (0x" + Integer.toHexString(error) + ")";
    }
}
