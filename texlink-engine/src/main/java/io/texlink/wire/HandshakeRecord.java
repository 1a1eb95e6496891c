package io.texlink.wire;

import io.texlink.Buffering;
import io.texlink.FrameMeta;
import io.texlink.HandleType;
import io.texlink.TexlinkProtocolException;

import java.lang.foreign.MemorySegment;

import static io.texlink.wire.WireFields.U32;

/**
 * Layout of the v3 handshake (152 bytes) that a producer sends once per accepted consumer, before
 * the buffer fds. The producer calls {@link #write}; the consumer calls {@link #read} on the 152
 * bytes it received and closes the connection if that throws.
 *
 * <p>Each field constant is the field's byte offset from the record's start; {@link #SIZE} is the
 * record's length.
 */
public final class HandshakeRecord {

    /** The only protocol version this implementation speaks. */
    public static final int PROTOCOL_VERSION = 3;
    /** Most buffers a session may have (libtexlink's limit). */
    public static final int MAX_BUFFER_COUNT = 3;

    /** u32, must be {@link #PROTOCOL_VERSION}. */
    public static final int VERSION = 0;
    /** u32, 1..{@link #MAX_BUFFER_COUNT}: number of fds that follow. */
    public static final int BUFFER_COUNT = 4;
    /** u32, {@link Buffering} value 1..3. */
    public static final int BUFFERING = 8;
    /** u32 padding, written 0, so that the meta's u64 fields are 8-aligned. */
    public static final int PAD = 12;
    /** The embedded {@link MetaRecord}. */
    public static final int META = 16;
    /** char[64], NUL-terminated shared-memory name of the control block. */
    public static final int CONTROL_BLOCK_NAME = META + MetaRecord.SIZE;
    /** Bytes of the control-block name field, NUL included. */
    public static final int CONTROL_BLOCK_NAME_LENGTH = 64;
    /** Bytes of the record. */
    public static final int SIZE = CONTROL_BLOCK_NAME + CONTROL_BLOCK_NAME_LENGTH;

    private HandshakeRecord() {
    }

    /**
     * Encodes {@code handshake} into the first {@link #SIZE} bytes of {@code seg}.
     *
     * @throws IllegalArgumentException if the segment is shorter than 152 bytes or the control-block
     *                                  name fails {@link ControlBlockNames#validate}
     */
    public static void write(MemorySegment seg, Handshake handshake) {
        WireFields.requireWritable(seg, 0, SIZE, "handshake");
        ControlBlockNames.validate(handshake.controlBlockName());
        seg.set(U32, VERSION, PROTOCOL_VERSION);
        seg.set(U32, BUFFER_COUNT, handshake.bufferCount());
        seg.set(U32, BUFFERING, handshake.buffering().bufferCount());
        seg.set(U32, PAD, 0);
        MetaRecord.write(seg, META, handshake.meta());
        WireFields.writeTerminated(seg, CONTROL_BLOCK_NAME, CONTROL_BLOCK_NAME_LENGTH,
                handshake.controlBlockName(), "control-block name");
    }

    /**
     * Decodes and validates a handshake from the first {@link #SIZE} bytes of {@code seg}.
     * A meta handle type of UNKNOWN comes back as {@link HandleType#DMA_BUF_FD}. The buffering is
     * not cross-checked against the buffer count (the spec says they are equal; a C consumer checks
     * only the version and the count).
     *
     * @throws TexlinkProtocolException for a short segment, a version other than 3, a buffer count or
     *                                  buffering outside 1..3, an invalid meta, or a control-block
     *                                  name without NUL or failing {@link ControlBlockNames#validate}
     */
    public static Handshake read(MemorySegment seg) {
        WireFields.requireReadable(seg, 0, SIZE, "handshake");
        int version = seg.get(U32, VERSION);
        if (version != PROTOCOL_VERSION) {
            throw new TexlinkProtocolException("handshake version " + Integer.toUnsignedString(version)
                    + " is not supported: this peer speaks v" + PROTOCOL_VERSION);
        }
        int count = seg.get(U32, BUFFER_COUNT);
        if (count < 1 || count > MAX_BUFFER_COUNT) {
            throw new TexlinkProtocolException("handshake buffer count " + Integer.toUnsignedString(count)
                    + " is outside 1.." + MAX_BUFFER_COUNT);
        }
        int bufferingValue = seg.get(U32, BUFFERING);
        if (bufferingValue < 1 || bufferingValue > MAX_BUFFER_COUNT) {
            throw new TexlinkProtocolException("handshake buffering " + Integer.toUnsignedString(bufferingValue)
                    + " is outside 1..3 (SINGLE, DOUBLE, TRIPLE)");
        }
        FrameMeta meta;
        try {
            meta = MetaRecord.read(seg, META);
        } catch (TexlinkProtocolException e) {
            throw new TexlinkProtocolException("handshake " + e.getMessage(), e);
        }
        // Wire spec, conversation step 3: the consumer takes the handle type from the meta, and
        // UNKNOWN means DMA_BUF_FD.
        if (meta.handleType() == HandleType.UNKNOWN) {
            meta = new FrameMeta(meta.backend(), HandleType.DMA_BUF_FD, meta.descriptor(), meta.frameId(),
                    meta.syncHandleType(), meta.syncValue());
        }
        String name = WireFields.readTerminatedLatin1(seg, CONTROL_BLOCK_NAME, CONTROL_BLOCK_NAME_LENGTH,
                "handshake control-block name");
        try {
            ControlBlockNames.validate(name);
        } catch (IllegalArgumentException e) {
            throw new TexlinkProtocolException("handshake refused: " + e.getMessage(), e);
        }
        return new Handshake(count, Buffering.ofCount(bufferingValue), meta, name);
    }
}
