package io.texlink.wire;

import io.texlink.TexlinkProtocolException;

import java.lang.foreign.MemorySegment;

import static io.texlink.wire.WireFields.U32;
import static io.texlink.wire.WireFields.U64;

/**
 * Layout of the v3 frame notification (24 bytes) a producer sends each consumer per frame. Static
 * flyweight accessors over the received bytes at offset 0; nothing here allocates unless it throws.
 * Where {@link #hasSyncFd} is true, a separate message carrying the sync_file fd follows.
 *
 * <p>Each field constant is the field's byte offset; {@link #SIZE} is the record's length.
 */
public final class FrameNoticeRecord {

    /** u64, id of the published frame. */
    public static final int FRAME_ID = 0;
    /** u32, index of the buffer holding it, below the handshake's buffer count. */
    public static final int BUFFER_INDEX = 8;
    /** u32, 1 when a sync fd follows, else 0. */
    public static final int HAS_SYNC_FD = 12;
    /** u64, timeline value to wait for. */
    public static final int SYNC_VALUE = 16;
    /** Bytes of the record. */
    public static final int SIZE = 24;

    private static final String RECORD = "frame notification";

    private FrameNoticeRecord() {
    }

    /** Encodes a notification into the first {@link #SIZE} bytes of {@code seg}. */
    public static void write(MemorySegment seg, long frameId, int bufferIndex, boolean hasSyncFd, long syncValue) {
        WireFields.requireWritable(seg, 0, SIZE, RECORD);
        seg.set(U64, FRAME_ID, frameId);
        seg.set(U32, BUFFER_INDEX, bufferIndex);
        seg.set(U32, HAS_SYNC_FD, hasSyncFd ? 1 : 0);
        seg.set(U64, SYNC_VALUE, syncValue);
    }

    /** The frame id (u64, returned as the signed long of the same bits). */
    public static long frameId(MemorySegment seg) {
        WireFields.requireReadable(seg, 0, SIZE, RECORD);
        return seg.get(U64, FRAME_ID);
    }

    /**
     * The raw buffer index (u32 as the int of the same bits): unchecked, prefer
     * {@link #validatedBufferIndex}.
     */
    public static int bufferIndex(MemorySegment seg) {
        WireFields.requireReadable(seg, 0, SIZE, RECORD);
        return seg.get(U32, BUFFER_INDEX);
    }

    /**
     * The buffer index, checked against the handshake's buffer count.
     *
     * @throws TexlinkProtocolException if the index (unsigned) is not below {@code bufferCount}
     */
    public static int validatedBufferIndex(MemorySegment seg, int bufferCount) {
        int index = bufferIndex(seg);
        if (Integer.compareUnsigned(index, bufferCount) >= 0) {
            throw new TexlinkProtocolException(RECORD + " buffer index " + Integer.toUnsignedString(index)
                    + " is outside 0.." + (bufferCount - 1) + " for a session of " + bufferCount + " buffers");
        }
        return index;
    }

    /**
     * Whether a sync fd follows.
     *
     * @throws TexlinkProtocolException for a has-sync-fd value other than 0 or 1
     */
    public static boolean hasSyncFd(MemorySegment seg) {
        WireFields.requireReadable(seg, 0, SIZE, RECORD);
        int flag = seg.get(U32, HAS_SYNC_FD);
        return switch (flag) {
            case 0 -> false;
            case 1 -> true;
            default -> throw new TexlinkProtocolException(RECORD + " has-sync-fd " + Integer.toUnsignedString(flag)
                    + " is neither 0 nor 1");
        };
    }

    /** The sync value (u64 as the signed long of the same bits). */
    public static long syncValue(MemorySegment seg) {
        WireFields.requireReadable(seg, 0, SIZE, RECORD);
        return seg.get(U64, SYNC_VALUE);
    }
}
