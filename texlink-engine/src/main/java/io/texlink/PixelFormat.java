package io.texlink;

/**
 * Pixel formats as DRM fourcc codes ({@code a | b<<8 | c<<16 | d<<24}), the v3 wire encoding.
 * {@link #ABGR16161616F} (RGBA half float) is a texlink addition that C peers do not know.
 */
public enum PixelFormat {
    UNKNOWN(0, 0),
    R8(fourcc('R', '8', ' ', ' '), 1),
    ARGB8888(fourcc('A', 'R', '2', '4'), 4),
    XRGB8888(fourcc('X', 'R', '2', '4'), 4),
    ABGR8888(fourcc('A', 'B', '2', '4'), 4),
    XBGR8888(fourcc('X', 'B', '2', '4'), 4),
    ABGR16161616F(fourcc('A', 'B', '4', 'H'), 8);

    private final int fourcc;
    private final int bytesPerPixel;

    PixelFormat(int fourcc, int bytesPerPixel) {
        this.fourcc = fourcc;
        this.bytesPerPixel = bytesPerPixel;
    }

    /** The 4-byte wire value. */
    public int fourcc() {
        return fourcc;
    }

    /** Bytes per pixel; 0 for {@link #UNKNOWN}. */
    public int bytesPerPixel() {
        return bytesPerPixel;
    }

    /** @throws TexlinkProtocolException for a fourcc texlink does not know */
    public static PixelFormat fromFourcc(int code) {
        for (PixelFormat f : values()) {
            if (f.fourcc == code) {
                return f;
            }
        }
        throw new TexlinkProtocolException("unknown pixel format fourcc 0x" + Integer.toHexString(code));
    }

    static int fourcc(char a, char b, char c, char d) {
        return a | b << 8 | c << 16 | d << 24;
    }
}
