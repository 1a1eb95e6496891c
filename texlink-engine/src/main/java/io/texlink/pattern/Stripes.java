package io.texlink.pattern;

import io.texlink.FrameDescriptor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The plain pattern: the frame id in the first 8 bytes, then every row a ramp whose phase depends
 * on the row and the frame id ({@code byte b of row y = 37·(b + 7y + 13·id) mod 256}; the factor
 * makes neighbouring channels differ). Diagonal stripes on screen; one formula, so GPU kernels
 * and C peers write it too, and it fits any frame of 8 bytes or more, buffers included.
 *
 * <p>Filling and checking copy and compare whole rows from one precomputed ramp, at memory speed.
 * Immutable.
 */
final class Stripes implements TestPattern.RowCheck {
    private static final int PERIOD = 256;
    /** Buffers (not textures) are treated as rows of this many bytes. */
    private static final int BUFFER_ROW = 4096;

    private final long rowBytes;
    private final long stride;
    private final long rows;
    private final MemorySegment ramp;

    Stripes(FrameDescriptor descriptor) {
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

    void fill(MemorySegment frame, long frameId) {
        for (long y = 0; y < rows; y++) {
            MemorySegment.copy(ramp, phase(y, frameId), frame, y * stride, rowBytes);
        }
        frame.set(TestPattern.WORD, 0, frameId);
    }

    String verify(MemorySegment frame, long frameId, boolean everyRow) {
        return TestPattern.checkRows(this, frame, frameId, rows, everyRow);
    }

    @Override
    public String checkRow(MemorySegment frame, long frameId, long y) {
        long base = y * stride;
        long skip = Math.clamp(Long.BYTES - base, 0, rowBytes); // the id overwrites the first 8 bytes, rows of fewer included
        long phase = phase(y, frameId);
        long mismatch = MemorySegment.mismatch(ramp, phase + skip, phase + rowBytes, frame, base + skip, base + rowBytes);
        return mismatch < 0 ? null : "row " + y + " differs at byte " + (skip + mismatch) + " (frame " + frameId + ")";
    }

    private static long phase(long y, long frameId) {
        return Math.floorMod(7 * y + 13 * frameId, PERIOD);
    }
}
