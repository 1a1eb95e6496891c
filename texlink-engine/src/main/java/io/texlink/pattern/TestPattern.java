package io.texlink.pattern;

import io.texlink.FrameDescriptor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A moving, verifiable test pattern: the frame id in the first 8 bytes, then every row a ramp
 * whose phase depends on the row and the frame id
 * ({@code byte b of row y = 37·(b + 7y + 13·id) mod 256}; the factor makes neighbouring channels differ).
 * On screen it is diagonal stripes drifting with each frame; any torn, stale or shifted row shows
 * up as a mismatch.
 *
 * <p>Filling and checking copy and compare whole rows from one precomputed ramp, so both run at
 * memory speed (a 4K RGBA frame takes a few milliseconds) and allocate nothing per frame.
 * Thread-safe: instances are immutable after construction.
 */
public final class TestPattern {
    private static final int PERIOD = 256;
    /** Buffers (not textures) are treated as rows of this many bytes. */
    private static final int BUFFER_ROW = 4096;
    private static final ValueLayout.OfLong ID = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN);

    private final long rowBytes;
    private final long stride;
    private final long rows;
    private final MemorySegment ramp;

    /** @throws IllegalArgumentException for frames under 8 bytes, too small for the id */
    public TestPattern(FrameDescriptor descriptor) {
        if (descriptor.size() < 8) {
            throw new IllegalArgumentException("the test pattern needs frames of at least 8 bytes, got " + descriptor.size());
        }
        long size = descriptor.size();
        if (descriptor.type().isTexture() && descriptor.stride() > 0) {
            this.rowBytes = (long) descriptor.width() * descriptor.format().bytesPerPixel();
            this.stride = descriptor.stride();
            this.rows = (long) descriptor.height() * descriptor.layers();
        } else {
            this.rowBytes = Math.min(BUFFER_ROW, size);
            this.stride = rowBytes;
            this.rows = size / rowBytes;
        }
        this.ramp = Arena.ofAuto().allocate(rowBytes + PERIOD);
        for (long i = 0; i < ramp.byteSize(); i++) {
            ramp.set(ValueLayout.JAVA_BYTE, i, (byte) (i * 37));
        }
    }

    /** Writes the pattern of frame {@code frameId} into {@code frame}. */
    public void fill(MemorySegment frame, long frameId) {
        for (long y = 0; y < rows; y++) {
            MemorySegment.copy(ramp, phase(y, frameId), frame, y * stride, rowBytes);
        }
        frame.set(ID, 0, frameId);
    }

    /** The frame id written in the first 8 bytes. */
    public static long frameIdOf(MemorySegment frame) {
        return frame.get(ID, 0);
    }

    /**
     * Checks {@code frame} against the pattern of {@code expectedId}.
     *
     * @param everyRow false checks the id and up to 16 rows spread over the frame (cheap enough
     *                 for every frame at 4K), true checks every row
     * @return null when the frame is right, else what is wrong
     */
    public String verify(MemorySegment frame, long expectedId, boolean everyRow) {
        long id = frameIdOf(frame);
        if (id != expectedId) {
            return "frame id in the pixels is " + id + ", expected " + expectedId;
        }
        long step = everyRow || rows <= 16 ? 1 : rows / 16;
        for (long y = 0; y < rows; y += step) {
            String wrong = verifyRow(frame, expectedId, y);
            if (wrong != null) {
                return wrong;
            }
        }
        return everyRow ? null : verifyRow(frame, expectedId, rows - 1);
    }

    private String verifyRow(MemorySegment frame, long frameId, long y) {
        long skip = y == 0 ? Math.min(8, rowBytes) : 0; // the id overwrites the start of row 0
        long base = y * stride;
        long phase = phase(y, frameId);
        long mismatch = MemorySegment.mismatch(ramp, phase + skip, phase + rowBytes, frame, base + skip, base + rowBytes);
        return mismatch < 0 ? null : "row " + y + " differs at byte " + (skip + mismatch) + " (frame " + frameId + ")";
    }

    private static long phase(long y, long frameId) {
        return Math.floorMod(7 * y + 13 * frameId, PERIOD);
    }
}
