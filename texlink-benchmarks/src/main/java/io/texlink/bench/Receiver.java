package io.texlink.bench;

import java.io.IOException;

/**
 * The consumer side of one {@link Method}, in a consumer JVM. {@link #receive} is the hot path:
 * implementations reuse their buffers and allocate nothing per frame.
 */
abstract class Receiver implements AutoCloseable {
    private long latencyNanos;
    private int phase;

    /**
     * Waits for the next frame and takes it in (reads it in place, or copies it out, as the method
     * does), then calls {@link #received}. Returns false when none came within {@code timeoutNanos}
     * or the producer is gone.
     */
    abstract boolean receive(long timeoutNanos) throws IOException;

    /** Keeps what {@link #receive} learned about the frame it took in. */
    protected final void received(long latencyNanos, int phase) {
        this.latencyNanos = latencyNanos;
        this.phase = phase;
    }

    /** Nanoseconds from the producer's send (or publish) to the end of the last {@link #receive}. */
    final long latencyNanos() {
        return latencyNanos;
    }

    /** The {@link FrameHeader} phase of the last frame received. */
    final int phase() {
        return phase;
    }

    /** Frames skipped so far because a newer one came first (texlink's newest wins); 0 for the others. */
    long skippedFrames() {
        return 0;
    }

    @Override
    public abstract void close() throws IOException;
}
