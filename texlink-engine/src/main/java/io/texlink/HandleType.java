package io.texlink;

/** Kind of native handle that carries a buffer or a sync object; wire codes of libtexlink v3. */
public enum HandleType implements WireCode {
    UNKNOWN(0), DMA_BUF_FD(1), SYNC_FD(2), OPAQUE_FD(3), OPAQUE_WIN32_HANDLE(4),
    D3D11_SHARED_HANDLE(5), D3D12_SHARED_HANDLE(6), D3D12_FENCE_HANDLE(7);

    private final int code;

    HandleType(int code) {
        this.code = code;
    }

    @Override
    public int code() {
        return code;
    }

    /** @throws TexlinkProtocolException for a value the v3 protocol does not define */
    public static HandleType fromCode(int code) {
        return WireCode.fromCode(HandleType.class, code, "native handle");
    }
}
