package io.texlink.wire;

import io.texlink.TexlinkProtocolException;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Field codecs shared by the records of this package: the little-endian integer layouts, record
 * length checks and the fixed-size NUL-terminated {@code char[]} fields of the handshake and the
 * registry. Only the record classes use it; the layouts themselves live in those classes.
 */
final class WireFields {

    /**
     * u32 / i32, little-endian. Unaligned because records are also decoded from heap segments over
     * the {@code byte[]} a socket read filled, which allow no alignment above 1.
     */
    static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    /** u64, little-endian, unaligned for the same reason as {@link #U32}. */
    static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private WireFields() {
    }

    /** Peer data: fewer than {@code length} bytes from {@code base} is a protocol error. */
    static void requireReadable(MemorySegment seg, long base, long length, String record) {
        if (base < 0) {
            throw new IllegalArgumentException(record + " base offset " + base + " is negative");
        }
        if (seg.byteSize() - base < length) {
            throw new TexlinkProtocolException(record + " needs " + length + " bytes but only "
                    + Math.max(0, seg.byteSize() - base) + " are there (segment of " + seg.byteSize()
                    + " bytes, record at offset " + base + ")");
        }
    }

    /** Our own buffer: too short to hold the record is a caller error. */
    static void requireWritable(MemorySegment seg, long base, long length, String record) {
        if (base < 0 || seg.byteSize() - base < length) {
            throw new IllegalArgumentException("cannot write a " + length + "-byte " + record + " at offset "
                    + base + " of a " + seg.byteSize() + "-byte segment");
        }
    }

    /** Reads a u32 that must fit a Java int (at most 2^31 - 1). */
    static int readU32AsInt(MemorySegment seg, long offset, String field) {
        int value = seg.get(U32, offset);
        if (value < 0) {
            throw new TexlinkProtocolException(field + " " + Integer.toUnsignedString(value)
                    + " is above the largest accepted value " + Integer.MAX_VALUE);
        }
        return value;
    }

    /** Index of the first NUL in {@code capacity} bytes from {@code offset}, or -1 if there is none. */
    static int terminatorIndex(MemorySegment seg, long offset, int capacity) {
        for (int i = 0; i < capacity; i++) {
            if (seg.get(ValueLayout.JAVA_BYTE, offset + i) == 0) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Strict decode: the field must hold a NUL within {@code capacity} bytes. Bytes are mapped one to
     * one to chars (ISO-8859-1) so that a non-ASCII byte stays visible to the caller's validation
     * instead of becoming a replacement character.
     */
    static String readTerminatedLatin1(MemorySegment seg, long offset, int capacity, String field) {
        int length = terminatorIndex(seg, offset, capacity);
        if (length < 0) {
            throw new TexlinkProtocolException(field + " has no NUL terminator within its " + capacity + " bytes");
        }
        return new String(bytes(seg, offset, length), StandardCharsets.ISO_8859_1);
    }

    /**
     * Lenient decode for fields C processes write: text up to the first NUL, or the whole field where
     * there is none; malformed UTF-8 becomes U+FFFD.
     */
    static String readLenientUtf8(MemorySegment seg, long offset, int capacity) {
        int length = terminatorIndex(seg, offset, capacity);
        return new String(bytes(seg, offset, length < 0 ? capacity : length), StandardCharsets.UTF_8);
    }

    /**
     * Writes {@code value} as UTF-8, NUL-terminated, zero-filling the rest of the field.
     *
     * @throws IllegalArgumentException if the value holds a NUL or its bytes and the NUL do not fit
     */
    static void writeTerminated(MemorySegment seg, long offset, int capacity, String value, String field) {
        byte[] encoded = utf8OrFail(value, capacity, field);
        MemorySegment.copy(encoded, 0, seg, ValueLayout.JAVA_BYTE, offset, encoded.length);
        seg.asSlice(offset + encoded.length, capacity - encoded.length).fill((byte) 0);
    }

    /** The UTF-8 bytes of {@code value}, checked to fit a {@code capacity}-byte NUL-terminated field. */
    static byte[] utf8OrFail(String value, int capacity, String field) {
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(field + " \"" + value.replace('\0', '?') + "\" contains a NUL character");
        }
        byte[] encoded = value.getBytes(StandardCharsets.UTF_8);
        if (encoded.length > capacity - 1) {
            throw new IllegalArgumentException(field + " \"" + value + "\" is " + encoded.length
                    + " bytes in UTF-8; at most " + (capacity - 1) + " fit (the field is char[" + capacity + "] with a NUL)");
        }
        return encoded;
    }

    private static byte[] bytes(MemorySegment seg, long offset, int length) {
        byte[] out = new byte[length];
        MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, offset, out, 0, length);
        return out;
    }
}
