package io.texlink.bench.gpu;

import io.texlink.bench.FrameHeader;

import java.nio.ByteBuffer;

/**
 * The 16 bytes every GPU method writes into a frame on the producer's GPU, and the consumer reads
 * back on its CUDA stream once the method's sync let it: four equal 32-bit words, each
 * {@code frameId << 2 | phase} (the frame id's low 30 bits, the {@link FrameHeader} phase).
 * Images carry them in the first four texels of row 0, linear memory in its first 16 bytes.
 *
 * <p>A consumer that reads another frame's stamp (or none) read before the producer's write had
 * landed: its sync is broken and its timings would be meaningless, so {@link #verify} fails.
 */
final class GpuStamp {
    /** Bytes of the stamp: what each method writes and reads back per frame. */
    static final int BYTES = 16;
    /** 32-bit words of the stamp ({@code cuMemsetD32Async}'s count). */
    static final int WORDS = BYTES / Integer.BYTES;
    private static final int PHASE_BITS = 2;
    private static final int PHASE_MASK = (1 << PHASE_BITS) - 1;
    private static final long ID_MASK = (1L << (Integer.SIZE - PHASE_BITS)) - 1;

    private GpuStamp() {
    }

    /** The word for frame {@code frameId} of {@code phase}. */
    static int encode(long frameId, int phase) {
        if ((phase & ~PHASE_MASK) != 0) {
            throw new IllegalArgumentException("phase " + phase + " does not fit the stamp's " + PHASE_BITS + " bits");
        }
        return (int) ((frameId & ID_MASK) << PHASE_BITS) | phase;
    }

    /** The phase in a stamp word. */
    static int phase(int word) {
        return word & PHASE_MASK;
    }

    /**
     * Checks the four words in {@code words} (native order, from position 0) against frame
     * {@code frameId} and returns their phase. Allocation-free when they match.
     *
     * @param what the method and frame, for the message
     * @throws IllegalStateException when the words differ from each other or name another frame
     */
    static int verify(ByteBuffer words, long frameId, String what) {
        int first = words.getInt(0);
        boolean same = true;
        for (int i = 1; i < WORDS; i++) {
            same &= words.getInt(i * Integer.BYTES) == first;
        }
        if (!same || first >>> PHASE_BITS != (frameId & ID_MASK)) {
            throw new IllegalStateException(what + ": frame " + frameId + " should carry the stamp 0x"
                    + Integer.toHexString(encode(frameId, phase(first))) + " four times, but the consumer read "
                    + hex(words) + "; it read the frame before the producer's GPU write landed, so the sync is broken"
                    + " and no timing of this method can be trusted");
        }
        return phase(first);
    }

    private static String hex(ByteBuffer words) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < WORDS; i++) {
            text.append(i == 0 ? "0x" : " 0x").append(Integer.toHexString(words.getInt(i * Integer.BYTES)));
        }
        return text.toString();
    }
}
