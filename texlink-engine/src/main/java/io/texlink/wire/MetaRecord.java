package io.texlink.wire;

import io.texlink.Backend;
import io.texlink.FrameDescriptor;
import io.texlink.FrameMeta;
import io.texlink.FrameType;
import io.texlink.HandleType;
import io.texlink.PixelFormat;
import io.texlink.TexlinkProtocolException;

import java.lang.foreign.MemorySegment;

import static io.texlink.wire.WireFields.U32;
import static io.texlink.wire.WireFields.U64;

/**
 * Layout of the v3 {@code meta} record (72 bytes): who made the frames, how their handles travel,
 * the buffer shape, and the id and sync value of the latest frame. It is embedded in the handshake
 * (at {@link HandshakeRecord#META}) and in the control block (at
 * {@link ControlBlockLayout#META}); both call {@link #read} and {@link #write} with that base.
 *
 * <p>Each field constant is the field's byte offset from the record's start; {@link #SIZE} is the
 * record's length.
 */
public final class MetaRecord {

    /** u32, {@link Backend} code of the producer. */
    public static final int BACKEND = 0;
    /** u32, {@link HandleType} code of the buffer handles. */
    public static final int HANDLE_TYPE = 4;
    /** u32, {@link FrameType} code. */
    public static final int FRAME_TYPE = 8;
    /** u32, pixels per row. */
    public static final int WIDTH = 12;
    /** u32, rows. */
    public static final int HEIGHT = 16;
    /** u32, slices of a 3D texture. */
    public static final int DEPTH = 20;
    /** u32, bytes per row; 0 for non-linear memory. */
    public static final int STRIDE = 24;
    /** u32, DRM fourcc of the {@link PixelFormat}. */
    public static final int FORMAT = 28;
    /** u64, DRM format modifier. */
    public static final int MODIFIER = 32;
    /** u64, bytes of each buffer. */
    public static final int BUFFER_SIZE = 40;
    /** u64, id of the frame the meta describes. */
    public static final int FRAME_ID = 48;
    /** u32, {@link HandleType} code of the per-frame sync object; UNKNOWN (0) for none. */
    public static final int SYNC_HANDLE_TYPE = 56;
    /** u32, reserved: written 0, ignored on read. */
    public static final int RESERVED = 60;
    /** u64, timeline value to wait for. */
    public static final int SYNC_VALUE = 64;
    /** Bytes of the record. */
    public static final int SIZE = 72;

    private MetaRecord() {
    }

    /**
     * Encodes {@code meta} into {@link #SIZE} bytes at {@code base}.
     *
     * @throws IllegalArgumentException if the segment has fewer than 72 bytes from {@code base}
     */
    public static void write(MemorySegment seg, long base, FrameMeta meta) {
        WireFields.requireWritable(seg, base, SIZE, "frame meta");
        FrameDescriptor d = meta.descriptor();
        seg.set(U32, base + BACKEND, meta.backend().code());
        seg.set(U32, base + HANDLE_TYPE, meta.handleType().code());
        seg.set(U32, base + FRAME_TYPE, d.type().code());
        seg.set(U32, base + WIDTH, d.width());
        seg.set(U32, base + HEIGHT, d.height());
        seg.set(U32, base + DEPTH, d.depth());
        seg.set(U32, base + STRIDE, d.stride());
        seg.set(U32, base + FORMAT, d.format().fourcc());
        seg.set(U64, base + MODIFIER, d.modifier());
        seg.set(U64, base + BUFFER_SIZE, d.size());
        seg.set(U64, base + FRAME_ID, meta.frameId());
        seg.set(U32, base + SYNC_HANDLE_TYPE, meta.syncHandleType().code());
        seg.set(U32, base + RESERVED, 0);
        seg.set(U64, base + SYNC_VALUE, meta.syncValue());
    }

    /**
     * Decodes and validates the meta at {@code base}. The handle type is returned as sent; the
     * handshake's UNKNOWN → DMA_BUF_FD rule is applied by {@link HandshakeRecord#read}.
     *
     * @throws TexlinkProtocolException for a short segment, an unknown enum code or fourcc, a u32
     *                                   dimension above 2^31 - 1, a size outside
     *                                   1..{@link FrameDescriptor#MAX_SIZE}, or a shape that
     *                                   {@link FrameDescriptor} refuses
     */
    public static FrameMeta read(MemorySegment seg, long base) {
        WireFields.requireReadable(seg, base, SIZE, "frame meta");
        Backend backend;
        FrameType type;
        PixelFormat format;
        try {
            backend = Backend.fromCode(seg.get(U32, base + BACKEND));
            type = FrameType.fromCode(seg.get(U32, base + FRAME_TYPE));
            format = PixelFormat.fromFourcc(seg.get(U32, base + FORMAT));
        } catch (TexlinkProtocolException e) {
            throw new TexlinkProtocolException("frame meta: " + e.getMessage(), e);
        }
        HandleType handleType = handleType(seg, base + HANDLE_TYPE, "handle type");
        HandleType syncHandleType = handleType(seg, base + SYNC_HANDLE_TYPE, "sync handle type");
        int width = WireFields.readU32AsInt(seg, base + WIDTH, "frame meta width");
        int height = WireFields.readU32AsInt(seg, base + HEIGHT, "frame meta height");
        int depth = WireFields.readU32AsInt(seg, base + DEPTH, "frame meta depth");
        int stride = WireFields.readU32AsInt(seg, base + STRIDE, "frame meta stride");
        long modifier = seg.get(U64, base + MODIFIER);
        long size = seg.get(U64, base + BUFFER_SIZE);
        // Signed compare also refuses u64 sizes of 2^63 and above, which read as negative.
        if (size < 1 || size > FrameDescriptor.MAX_SIZE) {
            throw new TexlinkProtocolException("frame meta buffer size " + Long.toUnsignedString(size)
                    + " bytes is outside 1.." + FrameDescriptor.MAX_SIZE);
        }
        FrameDescriptor descriptor;
        try {
            descriptor = new FrameDescriptor(type, width, height, depth, stride, format, modifier, size);
        } catch (IllegalArgumentException e) {
            throw new TexlinkProtocolException("frame meta describes an invalid " + type + " buffer: " + e.getMessage(), e);
        }
        long frameId = seg.get(U64, base + FRAME_ID);
        long syncValue = seg.get(U64, base + SYNC_VALUE);
        return new FrameMeta(backend, handleType, descriptor, frameId, syncHandleType, syncValue);
    }

    private static HandleType handleType(MemorySegment seg, long offset, String field) {
        try {
            return HandleType.fromCode(seg.get(U32, offset));
        } catch (TexlinkProtocolException e) {
            throw new TexlinkProtocolException("frame meta " + field + ": " + e.getMessage(), e);
        }
    }
}
