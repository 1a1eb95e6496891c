package io.texlink;

/** Graphics API that produced a frame; values are the wire codes of libtexlink v3. */
public enum Backend implements WireCode {
    UNKNOWN(0), CPU(1), EGL(2), WGL(3), VULKAN(4), CUDA(5), D3D11(6), D3D12(7);

    private final int code;

    Backend(int code) {
        this.code = code;
    }

    /** The 4-byte wire value. */
    @Override
    public int code() {
        return code;
    }

    /**
     * Whether a consumer on {@code consumer} must flip the rows of a frame {@code producer} made
     * (wire-v3): where one side is EGL and the other Vulkan, since texel row 0 is the top row in
     * Vulkan and the bottom one in GL.
     */
    public static boolean mustFlipY(Backend producer, Backend consumer) {
        return producer == EGL && consumer == VULKAN || producer == VULKAN && consumer == EGL;
    }

    /** @throws TexlinkProtocolException for a value the v3 protocol does not define */
    public static Backend fromCode(int code) {
        return WireCode.fromCode(Backend.class, code, "backend");
    }
}
