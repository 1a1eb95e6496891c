package io.texlink.wire;

import io.texlink.Backend;
import io.texlink.Buffering;
import io.texlink.FrameDescriptor;
import io.texlink.FrameMeta;
import io.texlink.FrameType;
import io.texlink.HandleType;
import io.texlink.PixelFormat;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.HexFormat;

/** Valid values and byte helpers the wire tests share. */
final class WireSamples {

    static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private WireSamples() {
    }

    /** A 1920x1080 ABGR8888 Vulkan texture, OPAQUE_FD, frame 0x0102030405060708, no sync object. */
    static FrameMeta textureMeta() {
        return new FrameMeta(Backend.VULKAN, HandleType.OPAQUE_FD,
                FrameDescriptor.texture2d(1920, 1080, PixelFormat.ABGR8888),
                0x0102030405060708L, HandleType.UNKNOWN, 9L);
    }

    /** A 4 KiB RAW buffer shared as DMA-BUF with a SYNC_FD per frame. */
    static FrameMeta bufferMeta() {
        return new FrameMeta(Backend.CUDA, HandleType.DMA_BUF_FD, FrameDescriptor.buffer(FrameType.RAW, 4096),
                77L, HandleType.SYNC_FD, -1L);
    }

    static Handshake handshake() {
        return new Handshake(2, Buffering.DOUBLE, textureMeta(), "/texlink_cam");
    }

    /** A heap segment over a fresh array: alignment 1, like the bytes of a socket read. */
    static MemorySegment bytes(int size) {
        return MemorySegment.ofArray(new byte[size]);
    }

    static byte[] hex(String spaced) {
        return HexFormat.of().parseHex(spaced.replace(" ", "").replace("\n", ""));
    }

    static byte[] toArray(MemorySegment seg) {
        return seg.toArray(ValueLayout.JAVA_BYTE);
    }

    static byte[] slice(MemorySegment seg, long from, long length) {
        return seg.asSlice(from, length).toArray(ValueLayout.JAVA_BYTE);
    }
}
