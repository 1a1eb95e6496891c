package io.texlink;

/** What a shared buffer holds; values are the wire codes of libtexlink v3. */
public enum FrameType implements WireCode {
    TEXTURE_2D(0), TEXTURE_3D(1), TEXTURE_CUBE(2), VERTEX_BUFFER(3), COMPUTE_BUFFER(4), RAW(5);

    private final int code;

    FrameType(int code) {
        this.code = code;
    }

    @Override
    public int code() {
        return code;
    }

    /** True for the texture types, whose size follows from width, height, depth and stride. */
    public boolean isTexture() {
        return this == TEXTURE_2D || this == TEXTURE_3D || this == TEXTURE_CUBE;
    }

    /** @throws TexlinkProtocolException for a value the v3 protocol does not define */
    public static FrameType fromCode(int code) {
        return WireCode.fromCode(FrameType.class, code, "frame type");
    }
}
