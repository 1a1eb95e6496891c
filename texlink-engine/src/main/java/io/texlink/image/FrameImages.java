package io.texlink.image;

import io.texlink.FrameDescriptor;
import io.texlink.FrameType;
import io.texlink.TexlinkUnsupportedException;

import java.awt.image.BufferedImage;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * Turns a CPU frame (a texture in an 8-bit format or RGBA16F) into an opaque {@link BufferedImage},
 * e.g. to write a PNG preview. Alpha is dropped: previews of frames whose alpha is data would look
 * empty. Half floats are clamped to 0..1 and scaled to 8 bits, without a transfer curve.
 */
public final class FrameImages {
    private static final ValueLayout.OfShort HALF = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private FrameImages() {
    }

    /**
     * Copies the first layer of {@code frame} into a new image; {@code maxWidth} bounds the result
     * (every n-th pixel is taken), so a 4K frame can become a small preview.
     *
     * @throws TexlinkUnsupportedException for buffers and frames without a stride
     */
    public static BufferedImage toImage(MemorySegment frame, FrameDescriptor d, int maxWidth) {
        if (!d.type().isTexture() || d.stride() == 0) {
            throw new TexlinkUnsupportedException("only linear textures can become images, not a " + d.type()
                    + (d.stride() == 0 ? " without a stride" : ""));
        }
        int step = Math.max(1, (d.width() + maxWidth - 1) / Math.max(1, maxWidth));
        int width = d.width() / step;
        int height = d.height() / step;
        BufferedImage image = new BufferedImage(Math.max(1, width), Math.max(1, height), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            long row = (long) y * step * d.stride();
            for (int x = 0; x < width; x++) {
                image.setRGB(x, y, argb(frame, row + (long) x * step * d.format().bytesPerPixel(), d));
            }
        }
        return image;
    }

    private static int argb(MemorySegment f, long at, FrameDescriptor d) {
        return switch (d.format()) {
            case R8 -> {
                int v = f.get(ValueLayout.JAVA_BYTE, at) & 0xff;
                yield 0xff000000 | v << 16 | v << 8 | v;
            }
            // DRM formats name the bits of a little-endian word: ARGB8888 is bytes B, G, R, A in memory.
            case ARGB8888, XRGB8888 -> 0xff000000 | f.get(ValueLayout.JAVA_INT_UNALIGNED, at);
            case ABGR8888, XBGR8888 -> {
                int v = f.get(ValueLayout.JAVA_INT_UNALIGNED, at);
                yield 0xff000000 | (v & 0xff) << 16 | (v & 0xff00) | (v >>> 16 & 0xff);
            }
            case ABGR16161616F -> 0xff000000 | channel(f, at) << 16 | channel(f, at + 2) << 8 | channel(f, at + 4);
            default -> throw new TexlinkUnsupportedException("no image conversion for " + d.format());
        };
    }

    /** The half float at {@code at}, clamped to 0..1, as 0..255 (NaN gives 0). */
    private static int channel(MemorySegment f, long at) {
        float v = Float.float16ToFloat(f.get(HALF, at));
        return v > 0 ? Math.round(Math.min(v, 1f) * 255) : 0;
    }

    /** True when {@link #toImage} can convert frames of this shape. */
    public static boolean canConvert(FrameDescriptor d) {
        return d.type() != FrameType.RAW && d.type().isTexture() && d.stride() > 0 && switch (d.format()) {
            case R8, ARGB8888, XRGB8888, ABGR8888, XBGR8888, ABGR16161616F -> true;
            default -> false;
        };
    }
}
