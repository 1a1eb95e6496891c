package io.texlink.pattern;

import io.texlink.PixelFormat;

/**
 * The test card's colours in one pixel format's bytes, and which bits of each pixel carry the
 * frame's id stamp instead of colour.
 *
 * <p>The stamp takes the two lowest bits of every colour byte of 8-bit formats (a change of at
 * most 3/255 that nobody sees) and of the low byte of each half float's mantissa in RGBA16F (at
 * most 3/1024 of the value). Alpha and X bytes carry no stamp: they stay opaque. The mask repeats
 * every 8 bytes, since 1, 4 and 8 bytes per pixel all divide 8, so a row can be stamped a long
 * word at a time.
 */
final class Palette {
    private final PixelFormat format;
    private final long stampMask;

    private Palette(PixelFormat format, long stampMask) {
        this.format = format;
        this.stampMask = stampMask;
    }

    /** @throws IllegalArgumentException for {@link PixelFormat#UNKNOWN}, which has no pixels */
    static Palette of(PixelFormat format) {
        return new Palette(format, switch (format) {
            case R8 -> 0x0303_0303_0303_0303L;
            // bytes B,G,R,A (ARGB8888) or R,G,B,A (ABGR8888) in memory: the stamp skips the fourth
            case ARGB8888, XRGB8888, ABGR8888, XBGR8888 -> 0x0003_0303_0003_0303L;
            // R, G, B, A half floats, little-endian: the stamp is in the low byte of R, G and B
            case ABGR16161616F -> 0x0000_0003_0003_0003L;
            case UNKNOWN -> throw new IllegalArgumentException("the test card needs a pixel format");
        });
    }

    /** Bits of each 8-byte word of a row that carry the stamp (little-endian: bit 8k+j is bit j of byte k). */
    long stampMask() {
        return stampMask;
    }

    int bytesPerPixel() {
        return format.bytesPerPixel();
    }

    /**
     * Writes the colour {@code rgb} (0xRRGGBB) as one pixel into {@code pixel} (bytes per pixel
     * long), with the stamp's bits cleared.
     */
    void encode(int rgb, byte[] pixel) {
        int r = rgb >>> 16 & 0xFF;
        int g = rgb >>> 8 & 0xFF;
        int b = rgb & 0xFF;
        switch (format) {
            case R8 -> pixel[0] = (byte) ((77 * r + 150 * g + 29 * b + 128) >> 8); // Rec. 601 luma
            case ARGB8888, XRGB8888 -> set(pixel, b, g, r, 0xFF);
            case ABGR8888, XBGR8888 -> set(pixel, r, g, b, 0xFF);
            case ABGR16161616F -> {
                putHalf(pixel, 0, r / 255f);
                putHalf(pixel, 2, g / 255f);
                putHalf(pixel, 4, b / 255f);
                putHalf(pixel, 6, 1f);
            }
            case UNKNOWN -> throw new IllegalStateException("no pixels in " + format);
        }
        for (int i = 0; i < pixel.length; i++) {
            pixel[i] &= (byte) ~(stampMask >>> 8 * (i & 7));
        }
    }

    private static void set(byte[] pixel, int first, int second, int third, int fourth) {
        pixel[0] = (byte) first;
        pixel[1] = (byte) second;
        pixel[2] = (byte) third;
        pixel[3] = (byte) fourth;
    }

    private static void putHalf(byte[] pixel, int at, float value) {
        short half = Float.floatToFloat16(value);
        pixel[at] = (byte) half;
        pixel[at + 1] = (byte) (half >>> 8);
    }
}
