package io.texlink.bench;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The 24 bytes every benchmark message starts with: the same size as a v3 frame notice, so the
 * raw-socket and Aeron baselines carry exactly what texlink sends per frame. Texlink CPU frames
 * carry it at offset 0 of the shared buffer. Offsets are the named constants; native byte order.
 */
public final class FrameHeader {
    /**
     * u64, the sender's {@code System.nanoTime()} just before it starts sending (or copying) the frame;
     * in the GPU methods, once the producer has queued the frame's GPU write.
     */
    static final int SEND_NANOS = 0;
    /** u64, the producer's frame counter, from 1. */
    static final int FRAME_ID = 8;
    /** u32, {@link #WARMUP}, {@link #MEASURE} or {@link #END}. */
    static final int PHASE = 16;
    /** u32, frame bytes that follow the header on the socket (socket copy only), else 0. */
    static final int PAYLOAD_BYTES = 20;
    /** Bytes of the header. */
    public static final int SIZE = 24;

    /** Frames sent flat out to warm the JIT; not measured. */
    public static final int WARMUP = 0;
    /** Paced frames whose latency is recorded. */
    public static final int MEASURE = 1;
    /** The last frame: the consumer reports and leaves. */
    public static final int END = 2;

    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG_UNALIGNED;
    private static final ValueLayout.OfInt U32 = ValueLayout.JAVA_INT_UNALIGNED;

    private FrameHeader() {
    }

    public static void write(MemorySegment seg, long sendNanos, long frameId, int phase, int payloadBytes) {
        seg.set(U64, SEND_NANOS, sendNanos);
        seg.set(U64, FRAME_ID, frameId);
        seg.set(U32, PHASE, phase);
        seg.set(U32, PAYLOAD_BYTES, payloadBytes);
    }

    public static long sendNanos(MemorySegment seg) {
        return seg.get(U64, SEND_NANOS);
    }

    public static long frameId(MemorySegment seg) {
        return seg.get(U64, FRAME_ID);
    }

    public static int phase(MemorySegment seg) {
        return seg.get(U32, PHASE);
    }

    static int payloadBytes(MemorySegment seg) {
        return seg.get(U32, PAYLOAD_BYTES);
    }
}
