package io.texlink.egl;

import io.texlink.PixelFormat;
import io.texlink.TexlinkUnsupportedException;

import static org.lwjgl.opengles.GLES20.GL_RGBA;
import static org.lwjgl.opengles.GLES20.GL_UNSIGNED_BYTE;
import static org.lwjgl.opengles.GLES30.*;

/**
 * A texlink pixel format as OpenGL ES sees it: the sized internal format whose texels have the
 * size and byte order of the producer's {@code VkFormat} (wire-v3's mapping), and the format and
 * type texels travel in between the CPU and the texture.
 *
 * <p>ARGB/XRGB8888 (Vulkan's {@code B8G8R8A8_UNORM}: the bytes B, G, R, A) is a {@code GL_RGBA8}
 * texture whose red and blue are swapped: {@code glTexStorageMem*EXT} takes no {@code GL_BGRA8_EXT}
 * on Mesa 22.3 (GL_INVALID_ENUM), and RGBA8 has the same texel size and layout. Sampling sees the
 * right colors through {@code GL_TEXTURE_SWIZZLE_R/B}; a GL producer that renders into such a
 * frame writes {@code .bgra} (swizzles do not apply to framebuffer writes).
 *
 * @param internalFormat for {@code glTexStorage*} and {@code glTexStorageMem*EXT}
 * @param format         pixel transfer format of {@code glTexSubImage*}, in memory order
 * @param type           pixel transfer type
 * @param swapRedBlue    memory holds B, G, R, A: sampling swizzles red and blue
 */
record GlFormat(PixelFormat pixelFormat, int internalFormat, int format, int type, boolean swapRedBlue) {

    /** @throws TexlinkUnsupportedException for {@link PixelFormat#UNKNOWN} */
    static GlFormat of(PixelFormat format) {
        return switch (format) {
            case R8 -> new GlFormat(format, GL_R8, GL_RED, GL_UNSIGNED_BYTE, false);
            case ABGR8888, XBGR8888 -> new GlFormat(format, GL_RGBA8, GL_RGBA, GL_UNSIGNED_BYTE, false);
            case ARGB8888, XRGB8888 -> new GlFormat(format, GL_RGBA8, GL_RGBA, GL_UNSIGNED_BYTE, true);
            case ABGR16161616F -> new GlFormat(format, GL_RGBA16F, GL_RGBA, GL_HALF_FLOAT, false);
            case UNKNOWN -> throw new TexlinkUnsupportedException("a GL texture needs a pixel format; the frame has none");
        };
    }
}
