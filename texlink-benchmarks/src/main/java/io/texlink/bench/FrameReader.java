package io.texlink.bench;

import io.texlink.AcquiredFrame;

/**
 * How a {@link TexlinkReceiver} takes in each acquired frame, before it releases it: reads the
 * {@link FrameHeader} in place, or makes the frame usable on a GPU. {@link #read} is the hot path
 * and allocates nothing per frame.
 */
public interface FrameReader extends AutoCloseable {

    /**
     * Takes in {@code frame}, acquired at {@code acquiredNanos} ({@code System.nanoTime()}), and
     * returns the nanoseconds from the producer's timestamp to the moment the frame was usable here.
     */
    long read(AcquiredFrame frame, long acquiredNanos);

    /** The {@link FrameHeader} phase of the frame last read. */
    int phase();

    /** Frees what the reader made; the receiver calls it before closing its client. */
    @Override
    default void close() {
    }
}
