package io.texlink;

/**
 * Shape of one shared buffer: what it holds, its dimensions, row stride, pixel format, DRM format
 * modifier and byte size. Immutable; every instance has passed {@link #validate()}'s bounds.
 *
 * <p>For textures, {@code size} is at least {@code stride * height * layers} where layers is the
 * depth (3D), 6 (cube) or 1 (2D); drivers may allocate more. For buffers (vertex, compute, raw)
 * only {@code size} matters and the other fields are 0 or 1.
 *
 * @param type     what the buffer holds
 * @param width    pixels per row (textures), 1..{@value #MAX_DIMENSION}
 * @param height   rows (textures), 1..{@value #MAX_DIMENSION}
 * @param depth    slices of a 3D texture, 1..{@value #MAX_DEPTH}; 1 otherwise
 * @param stride   bytes per row; 0 where the memory has no linear layout (GPU-optimal tiling)
 * @param format   pixel format (fourcc)
 * @param modifier DRM format modifier; 0 is {@code DRM_FORMAT_MOD_LINEAR}
 * @param size     bytes of the buffer, 1..{@value #MAX_SIZE}
 */
public record FrameDescriptor(FrameType type, int width, int height, int depth, int stride,
                              PixelFormat format, long modifier, long size) {

    /** Largest width or height accepted, from a peer or from the application. */
    public static final int MAX_DIMENSION = 32_768;
    /** Largest depth of a 3D texture accepted. */
    public static final int MAX_DEPTH = 4_096;
    /** Largest buffer accepted: 16 GiB, far above a 8K RGBA16F frame. */
    public static final long MAX_SIZE = 1L << 34;
    /** {@code DRM_FORMAT_MOD_LINEAR}. */
    public static final long MODIFIER_LINEAR = 0L;

    public FrameDescriptor {
        if (type == null || format == null) {
            throw new IllegalArgumentException("frame type and pixel format are required");
        }
        validate(type, width, height, depth, stride, format, size);
    }

    /** A tightly packed linear 2D texture: stride = width × bytes per pixel. */
    public static FrameDescriptor texture2d(int width, int height, PixelFormat format) {
        requireKnown(format);
        int stride = rowBytes(width, format);
        return new FrameDescriptor(FrameType.TEXTURE_2D, width, height, 1, stride, format,
                MODIFIER_LINEAR, (long) stride * height);
    }

    /** A tightly packed linear 3D texture of {@code depth} slices. */
    public static FrameDescriptor texture3d(int width, int height, int depth, PixelFormat format) {
        requireKnown(format);
        int stride = rowBytes(width, format);
        return new FrameDescriptor(FrameType.TEXTURE_3D, width, height, depth, stride, format,
                MODIFIER_LINEAR, (long) stride * height * depth);
    }

    /** A tightly packed linear cube map: six square faces one after another. */
    public static FrameDescriptor textureCube(int edge, PixelFormat format) {
        requireKnown(format);
        int stride = rowBytes(edge, format);
        return new FrameDescriptor(FrameType.TEXTURE_CUBE, edge, edge, 1, stride, format,
                MODIFIER_LINEAR, (long) stride * edge * 6);
    }

    /** A buffer of {@code size} bytes ({@link FrameType#VERTEX_BUFFER}, COMPUTE_BUFFER or RAW). */
    public static FrameDescriptor buffer(FrameType type, long size) {
        if (type.isTexture()) {
            throw new IllegalArgumentException(type + " is a texture type; use texture2d/3d/Cube");
        }
        return new FrameDescriptor(type, 0, 0, 0, 0, PixelFormat.UNKNOWN, MODIFIER_LINEAR, size);
    }

    /** Layers a texture has in memory: depth for 3D, 6 for a cube, else 1. */
    public int layers() {
        return switch (type) {
            case TEXTURE_3D -> depth;
            case TEXTURE_CUBE -> 6;
            default -> 1;
        };
    }

    /** Smallest byte size that holds every row of every layer at this stride; 0 for buffers. */
    public long minimumLinearSize() {
        return type.isTexture() ? (long) stride * height * layers() : 0;
    }

    private static int rowBytes(int width, PixelFormat format) {
        if (width < 1 || width > MAX_DIMENSION) {
            throw new IllegalArgumentException("width " + width + " is outside 1.." + MAX_DIMENSION);
        }
        return width * format.bytesPerPixel();
    }

    private static void requireKnown(PixelFormat format) {
        if (format == PixelFormat.UNKNOWN) {
            throw new IllegalArgumentException("a texture needs a pixel format");
        }
    }

    private static void validate(FrameType type, int width, int height, int depth, int stride,
                                 PixelFormat format, long size) {
        if (size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("frame size " + size + " bytes is outside 1.." + MAX_SIZE);
        }
        if (!type.isTexture()) {
            return;
        }
        if (width < 1 || width > MAX_DIMENSION || height < 1 || height > MAX_DIMENSION) {
            throw new IllegalArgumentException("texture " + width + "x" + height + " is outside 1.." + MAX_DIMENSION + " per side");
        }
        if (type == FrameType.TEXTURE_3D ? (depth < 1 || depth > MAX_DEPTH) : depth > 1) {
            throw new IllegalArgumentException("depth " + depth + " does not fit a " + type);
        }
        if (type == FrameType.TEXTURE_CUBE && width != height) {
            throw new IllegalArgumentException("cube faces must be square, got " + width + "x" + height);
        }
        if (format == PixelFormat.UNKNOWN) {
            throw new IllegalArgumentException("a texture needs a pixel format");
        }
        if (stride != 0) {
            long rowBytes = (long) width * format.bytesPerPixel();
            if (stride < 0 || stride < rowBytes) {
                throw new IllegalArgumentException("stride " + Integer.toUnsignedString(stride) + " is below one row (" + rowBytes + " bytes)");
            }
            int layers = type == FrameType.TEXTURE_3D ? depth : type == FrameType.TEXTURE_CUBE ? 6 : 1;
            long needed = (long) stride * height * layers;
            if (size < needed) {
                throw new IllegalArgumentException("size " + size + " is below stride × rows × layers = " + needed);
            }
        }
    }
}
