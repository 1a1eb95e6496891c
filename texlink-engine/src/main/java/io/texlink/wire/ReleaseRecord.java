package io.texlink.wire;

import io.texlink.TexlinkProtocolException;

import java.lang.foreign.MemorySegment;

import static io.texlink.wire.WireFields.U32;

/**
 * Layout of the v3 release (4 bytes) a consumer sends when it is done with a buffer; the producer
 * decrements that buffer's reference count. Static flyweight methods; nothing allocates unless it throws.
 * {@link #BUFFER_INDEX} is the field's byte offset; {@link #SIZE} is the record's length.
 */
public final class ReleaseRecord {

    /** u32, index of the released buffer. */
    public static final int BUFFER_INDEX = 0;
    /** Bytes of the record. */
    public static final int SIZE = 4;

    private static final String RECORD = "release";

    private ReleaseRecord() {
    }

    /** Encodes a release of buffer {@code index} into the first 4 bytes of {@code seg}. */
    public static void write(MemorySegment seg, int index) {
        WireFields.requireWritable(seg, 0, SIZE, RECORD);
        seg.set(U32, BUFFER_INDEX, index);
    }

    /**
     * The released buffer index, checked against the session's buffer count.
     *
     * @throws TexlinkProtocolException for a short segment or an index (unsigned) not below {@code bufferCount}
     */
    public static int validatedBufferIndex(MemorySegment seg, int bufferCount) {
        WireFields.requireReadable(seg, 0, SIZE, RECORD);
        int index = seg.get(U32, BUFFER_INDEX);
        if (Integer.compareUnsigned(index, bufferCount) >= 0) {
            throw new TexlinkProtocolException(RECORD + " buffer index " + Integer.toUnsignedString(index)
                    + " is outside 0.." + (bufferCount - 1) + " for a session of " + bufferCount + " buffers");
        }
        return index;
    }
}
