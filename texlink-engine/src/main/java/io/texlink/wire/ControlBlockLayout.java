package io.texlink.wire;

import io.texlink.FrameMeta;
import io.texlink.TexlinkProtocolException;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

import static io.texlink.wire.WireFields.U32;

/**
 * Layout of the control block, the POSIX shared-memory object a producer creates and its consumers
 * map: the 104 bytes of the v3 wire format, then texlink's own extension (bytes 104..143), which C
 * peers never map and so never see (wire spec: a C peer maps only the first 104 bytes).
 *
 * <p>The producer calls {@link #initialize} once, then per frame {@link #incrementFrameId},
 * {@link #writeMetaFrame}, {@link #storePublishNanos}, {@link #storeCurrentIndexRelease},
 * {@link #addRefs} and, last, {@link #storePublishedRelease}. Consumers read with the acquire and
 * volatile accessors. All methods are static over the mapped segment and allocate nothing unless
 * they throw.
 *
 * <p>The segment must start 8-byte aligned for the atomic accessors; mmap'd segments are page
 * aligned. Methods that read the wire part throw {@link TexlinkProtocolException} on a segment of
 * fewer than {@link #WIRE_SIZE} bytes; those of the extension on one of fewer than
 * {@link #TOTAL_SIZE} bytes (check {@link #hasExtension} first when the producer may be a C peer).
 *
 * <p>Each field constant is the field's byte offset from the block's start; values end in {@code _VALUE}.
 */
public final class ControlBlockLayout {

    /** u64, atomic: id of the latest frame; the producer increments it per frame. */
    public static final int FRAME_ID = 0;
    /** u32, atomic: index of the latest buffer, release-stored by the producer. */
    public static final int CURRENT_INDEX = 8;
    /** u32[3], atomic: references consumers hold on each buffer. */
    public static final int REF_COUNTS = 12;
    /** u32: buffers in the session, 1..3. */
    public static final int BUFFER_COUNT = 24;
    /** u32 padding so that the meta's u64 fields are 8-aligned. */
    public static final int PAD = 28;
    /** The embedded {@link MetaRecord}. */
    public static final int META = 32;
    /** Bytes of the v3 control block, all a C peer maps. */
    public static final int WIRE_SIZE = META + MetaRecord.SIZE;

    /** u32, texlink extension: {@link #EXT_MAGIC_VALUE} when the extension is present. */
    public static final int EXT_MAGIC = WIRE_SIZE;
    /** u32, texlink extension: {@link #EXT_VERSION_VALUE}. */
    public static final int EXT_VERSION = 108;
    /**
     * u64, texlink extension, release-stored after everything else of a publish:
     * {@code frameId << 2 | bufferIndex} ({@link #packPublished}); 0 before the first publish.
     */
    public static final int PUBLISHED = 112;
    /** u64[3], texlink extension: CLOCK_MONOTONIC nanoseconds of the publish of the frame now in buffer i. */
    public static final int PUBLISH_NANOS = 120;
    /**
     * u8[16], texlink extension: the producer's GPU {@code deviceUUID} (VkPhysicalDeviceIDProperties),
     * all zero for CPU memory. Importing OPAQUE_FD memory is only valid on a device with the same
     * device and driver UUIDs, so consumers check these first.
     */
    public static final int DEVICE_UUID = 144;
    /** u8[16], texlink extension: the producer's GPU {@code driverUUID}, all zero for CPU memory. */
    public static final int DRIVER_UUID = 160;
    /** Length of each UUID field. */
    public static final int UUID_SIZE = 16;
    /** Bytes of the control block texlink producers create: wire part plus extension. */
    public static final int TOTAL_SIZE = DRIVER_UUID + UUID_SIZE;

    /** "TLJX" read as a little-endian u32. */
    public static final int EXT_MAGIC_VALUE = 0x584A4C54;
    /** Version of the extension layout. */
    public static final int EXT_VERSION_VALUE = 1;

    private static final int MAX_BUFFERS = HandshakeRecord.MAX_BUFFER_COUNT;
    // Aligned layouts: atomic access modes need naturally aligned addresses. Exact invocation turns
    // a call with mismatched static types (which would box through asType) into an error in tests.
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.withOrder(ByteOrder.LITTLE_ENDIAN)
            .varHandle().withInvokeExactBehavior();
    private static final VarHandle INT = ValueLayout.JAVA_INT.withOrder(ByteOrder.LITTLE_ENDIAN)
            .varHandle().withInvokeExactBehavior();

    private ControlBlockLayout() {
    }

    /**
     * Zeroes {@link #TOTAL_SIZE} bytes and writes the buffer count, the meta and the extension
     * header. Call before the control-block name is announced to any consumer.
     *
     * @throws IllegalArgumentException for a segment shorter than {@link #TOTAL_SIZE} or not
     *                                  8-byte aligned, or a buffer count outside 1..3
     */
    public static void initialize(MemorySegment seg, int bufferCount, FrameMeta meta) {
        if (seg.byteSize() < TOTAL_SIZE || seg.maxByteAlignment() < Long.BYTES) {
            throw new IllegalArgumentException("control block needs " + TOTAL_SIZE + " bytes aligned to 8, got "
                    + seg.byteSize() + " bytes aligned to " + seg.maxByteAlignment());
        }
        if (bufferCount < 1 || bufferCount > MAX_BUFFERS) {
            throw new IllegalArgumentException("buffer count must be 1.." + MAX_BUFFERS + ", got " + bufferCount);
        }
        seg.asSlice(0, TOTAL_SIZE).fill((byte) 0);
        seg.set(U32, BUFFER_COUNT, bufferCount);
        MetaRecord.write(seg, META, meta);
        seg.set(U32, EXT_MAGIC, EXT_MAGIC_VALUE);
        seg.set(U32, EXT_VERSION, EXT_VERSION_VALUE);
    }

    /** The frame id, read with volatile semantics. */
    public static long frameIdVolatile(MemorySegment seg) {
        requireWirePart(seg);
        return (long) LONG.getVolatile(seg, (long) FRAME_ID);
    }

    /** Atomically increments the frame id; returns the new id (1 for the first frame). */
    public static long incrementFrameId(MemorySegment seg) {
        requireWirePart(seg);
        return (long) LONG.getAndAdd(seg, (long) FRAME_ID, 1L) + 1L;
    }

    /**
     * The current buffer index, read with acquire semantics. Returned as stored (u32 as int bits):
     * compare it with the buffer count before using it as an index.
     */
    public static int currentIndexAcquire(MemorySegment seg) {
        requireWirePart(seg);
        return (int) INT.getAcquire(seg, (long) CURRENT_INDEX);
    }

    /** Stores the current buffer index with release semantics (0..2). */
    public static void storeCurrentIndexRelease(MemorySegment seg, int index) {
        requireWirePart(seg);
        requireIndex(index);
        INT.setRelease(seg, (long) CURRENT_INDEX, index);
    }

    /** References held on buffer {@code index} (0..2), read with volatile semantics. */
    public static int refCount(MemorySegment seg, int index) {
        requireWirePart(seg);
        requireIndex(index);
        return (int) INT.getVolatile(seg, refCountOffset(index));
    }

    /**
     * Atomically adds {@code delta} (negative to release) to buffer {@code index}'s reference
     * count; returns the new count. The caller keeps the count from going below 0.
     */
    public static int addRefs(MemorySegment seg, int index, int delta) {
        requireWirePart(seg);
        requireIndex(index);
        return (int) INT.getAndAdd(seg, refCountOffset(index), delta) + delta;
    }

    /**
     * The buffer count a producer wrote.
     *
     * @throws TexlinkProtocolException for a value outside 1..3
     */
    public static int bufferCount(MemorySegment seg) {
        requireWirePart(seg);
        int count = seg.get(U32, BUFFER_COUNT);
        if (count < 1 || count > MAX_BUFFERS) {
            throw new TexlinkProtocolException("control block buffer count " + Integer.toUnsignedString(count)
                    + " is outside 1.." + MAX_BUFFERS);
        }
        return count;
    }

    /** Decodes the embedded meta (see {@link MetaRecord#read}); allocates, so not for per-frame use. */
    public static FrameMeta meta(MemorySegment seg) {
        requireWirePart(seg);
        try {
            return MetaRecord.read(seg, META);
        } catch (TexlinkProtocolException e) {
            throw new TexlinkProtocolException("control block " + e.getMessage(), e);
        }
    }

    /** Updates only the frame id and sync value inside the embedded meta (opaque stores). */
    public static void writeMetaFrame(MemorySegment seg, long frameId, long syncValue) {
        requireWirePart(seg);
        LONG.setOpaque(seg, (long) (META + MetaRecord.FRAME_ID), frameId);
        LONG.setOpaque(seg, (long) (META + MetaRecord.SYNC_VALUE), syncValue);
    }

    /**
     * Whether the segment carries texlink's extension: at least {@link #TOTAL_SIZE} bytes with
     * {@link #EXT_MAGIC_VALUE} and {@link #EXT_VERSION_VALUE}. False for a C producer's 104-byte block.
     */
    public static boolean hasExtension(MemorySegment seg) {
        return seg.byteSize() >= TOTAL_SIZE
                && seg.get(U32, EXT_MAGIC) == EXT_MAGIC_VALUE
                && seg.get(U32, EXT_VERSION) == EXT_VERSION_VALUE;
    }

    /** The packed published word ({@link #publishedFrameId}, {@link #publishedIndex}) with acquire semantics; 0 = none yet. */
    public static long publishedAcquire(MemorySegment seg) {
        requireExtension(seg);
        return (long) LONG.getAcquire(seg, (long) PUBLISHED);
    }

    /** Release-stores the published word; call after every other store of the publish. */
    public static void storePublishedRelease(MemorySegment seg, long frameId, int index) {
        requireExtension(seg);
        LONG.setRelease(seg, (long) PUBLISHED, packPublished(frameId, index));
    }

    /** CLOCK_MONOTONIC ({@link System#nanoTime()}) nanoseconds of the publish of the frame in buffer {@code index}. */
    public static long publishNanos(MemorySegment seg, int index) {
        requireExtension(seg);
        requireIndex(index);
        return (long) LONG.getOpaque(seg, publishNanosOffset(index));
    }

    /** Stores the publish time of buffer {@code index}; ordered before readers by {@link #storePublishedRelease}. */
    public static void storePublishNanos(MemorySegment seg, int index, long nanos) {
        requireExtension(seg);
        requireIndex(index);
        LONG.setOpaque(seg, publishNanosOffset(index), nanos);
    }

    /** Writes the producer's device and driver UUIDs (16 bytes each). */
    public static void storeDeviceIdentity(MemorySegment seg, byte[] deviceUuid, byte[] driverUuid) {
        requireExtension(seg);
        if (deviceUuid.length != UUID_SIZE || driverUuid.length != UUID_SIZE) {
            throw new IllegalArgumentException("device and driver UUIDs are " + UUID_SIZE + " bytes");
        }
        MemorySegment.copy(deviceUuid, 0, seg, java.lang.foreign.ValueLayout.JAVA_BYTE, DEVICE_UUID, UUID_SIZE);
        MemorySegment.copy(driverUuid, 0, seg, java.lang.foreign.ValueLayout.JAVA_BYTE, DRIVER_UUID, UUID_SIZE);
    }

    /** The producer's device UUID (16 bytes; all zero when it shares CPU memory). */
    public static byte[] deviceUuid(MemorySegment seg) {
        requireExtension(seg);
        return seg.asSlice(DEVICE_UUID, UUID_SIZE).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
    }

    /** The producer's driver UUID (16 bytes; all zero when it shares CPU memory). */
    public static byte[] driverUuid(MemorySegment seg) {
        requireExtension(seg);
        return seg.asSlice(DRIVER_UUID, UUID_SIZE).toArray(java.lang.foreign.ValueLayout.JAVA_BYTE);
    }

    /**
     * Packs {@code frameId << 2 | index}.
     *
     * @throws IllegalArgumentException for a frame id outside 1..2^62 - 1 (0 would read as "none
     *                                  published") or an index outside 0..2
     */
    public static long packPublished(long frameId, int index) {
        if (frameId < 1 || frameId >>> 62 != 0) {
            throw new IllegalArgumentException("published frame id must be 1..2^62-1, got " + frameId);
        }
        requireIndex(index);
        return frameId << 2 | index;
    }

    /** Frame id of a packed published word. */
    public static long publishedFrameId(long packed) {
        return packed >>> 2;
    }

    /** Buffer index of a packed published word (0..3; 3 never comes from {@link #packPublished}). */
    public static int publishedIndex(long packed) {
        return (int) (packed & 3);
    }

    private static long refCountOffset(int index) {
        return REF_COUNTS + (long) index * Integer.BYTES;
    }

    /** Byte offset of buffer {@code index}'s publish timestamp (for readers that pread one slot). */
    public static long publishNanosOffset(int index) {
        return PUBLISH_NANOS + (long) index * Long.BYTES;
    }

    private static void requireIndex(int index) {
        if (index < 0 || index >= MAX_BUFFERS) {
            throw new IllegalArgumentException("buffer index must be 0.." + (MAX_BUFFERS - 1) + ", got " + index);
        }
    }

    private static void requireWirePart(MemorySegment seg) {
        if (seg.byteSize() < WIRE_SIZE) {
            throw new TexlinkProtocolException("control block mapping is " + seg.byteSize()
                    + " bytes; the v3 control block needs " + WIRE_SIZE);
        }
    }

    private static void requireExtension(MemorySegment seg) {
        if (seg.byteSize() < TOTAL_SIZE) {
            throw new TexlinkProtocolException("control block mapping is " + seg.byteSize() + " bytes and has no texlink"
                    + " extension (needs " + TOTAL_SIZE + "; a C producer creates " + WIRE_SIZE + "): check hasExtension first");
        }
    }
}
