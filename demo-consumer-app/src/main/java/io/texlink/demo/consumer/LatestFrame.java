package io.texlink.demo.consumer;

import io.texlink.AcquiredFrame;
import io.texlink.FrameDescriptor;
import io.texlink.image.FrameImages;
import org.springframework.stereotype.Component;

import java.awt.image.BufferedImage;
import java.lang.foreign.MemorySegment;
import java.util.Optional;

/**
 * A copy of the newest frame for the page, taken at most every {@value #COPY_INTERVAL_MILLIS} ms
 * (a frame is released as soon as the consumer returns, so the page cannot read it in place).
 */
@Component
public class LatestFrame {
    static final long COPY_INTERVAL_MILLIS = 50;
    /** Previews are scaled down to at most this width. */
    private static final int PREVIEW_WIDTH = 640;

    /** The copied frame: id, latency (-1 when the producer writes no timestamps) and a preview image. */
    public record Snapshot(long frameId, long latencyNanos, BufferedImage image) {
    }

    private byte[] bytes = new byte[0];
    private FrameDescriptor descriptor;
    private long frameId;
    private long latencyNanos;
    private long copiedAt = System.nanoTime() - COPY_INTERVAL_MILLIS * 1_000_000;

    /**
     * Copies {@code pixels}, frame {@code frame}'s contents laid out as {@code shape} (the frame's
     * own memory, or a host copy of a GPU frame), unless the last copy is recent; called on the
     * consumer thread.
     */
    synchronized void offer(AcquiredFrame frame, MemorySegment pixels, FrameDescriptor shape) {
        long now = System.nanoTime();
        if (now - copiedAt < COPY_INTERVAL_MILLIS * 1_000_000 || !FrameImages.canConvert(shape)) {
            return;
        }
        copiedAt = now;
        if (bytes.length != pixels.byteSize()) {
            bytes = new byte[Math.toIntExact(pixels.byteSize())];
        }
        MemorySegment.copy(pixels, 0, MemorySegment.ofArray(bytes), 0, bytes.length);
        descriptor = shape;
        frameId = frame.frameId();
        latencyNanos = frame.latencyNanos();
    }

    /** The newest copy as an image, or empty before the first frame. */
    public Optional<Snapshot> snapshot() {
        byte[] copy;
        FrameDescriptor shape;
        long id;
        long latency;
        synchronized (this) {
            if (descriptor == null) {
                return Optional.empty();
            }
            copy = bytes.clone();
            shape = descriptor;
            id = frameId;
            latency = latencyNanos;
        }
        return Optional.of(new Snapshot(id, latency, FrameImages.toImage(MemorySegment.ofArray(copy), shape, PREVIEW_WIDTH)));
    }
}
