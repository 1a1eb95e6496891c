package io.texlink.demo.consumer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.texlink.AcquiredFrame;
import io.texlink.FrameDescriptor;
import io.texlink.cuda.CudaFrame;
import io.texlink.egl.EglTexture;
import io.texlink.pattern.TestPattern;
import io.texlink.spring.FrameConsumer;
import io.texlink.vulkan.VulkanFrame;
import io.texlink.vulkan.VulkanImage;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.stereotype.Component;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Checks every acquired frame against the test pattern of its id and counts the result in
 * {@code texlink.demo.frames.verified} and {@code texlink.demo.frame.errors}; keeps a copy of the
 * newest frame for the page and counts each frame's latency into the {@link FrameHistory}. The
 * pattern's style (the test card of a CPU producer, the stripes of a GPU one) is read from each
 * frame ({@link TestPattern#verify}).
 *
 * <p>A CPU frame is checked in place, in the producer's memory. A Vulkan frame (the frame's buffer
 * is a {@link VulkanFrame}) lives on the GPU: it is downloaded first, on this process's own
 * device ({@link VulkanFrame#download}, which waits for the producer's timeline value on the GPU
 * where it shares one), into a host copy laid out tightly packed, and that copy is checked. A
 * CUDA frame ({@link CudaFrame}, the CUDA backend's) is downloaded the same way
 * ({@link CudaFrame#download}, queued on the frame's stream after the wait for the producer), into
 * its {@link CudaFrame#hostDescriptor() host layout}: packed rows for an optimal-tiled image, the
 * frame's own rows for linear memory. A GL texture ({@link EglTexture}, the EGL backend's) is
 * downloaded into tightly packed rows ({@link EglTexture#download}, after GL's wait for the
 * producer), rows as they are in memory, so the pattern reads as the producer wrote it.
 */
@Component
public class FrameVerifier implements FrameConsumer {
    private static final Log LOG = LogFactory.getLog(FrameVerifier.class);

    private final LatestFrame latest;
    private final FrameHistory history;
    private final Counter verified;
    private final Counter errors;
    private volatile String lastError;
    /** Only the consumer thread touches these. */
    private FrameDescriptor patternShape;
    private TestPattern pattern;
    /** Host copy of the newest GPU frame; reallocated when the frame size changes. */
    private MemorySegment download = MemorySegment.NULL;

    public FrameVerifier(LatestFrame latest, FrameHistory history, MeterRegistry registry) {
        this.latest = latest;
        this.history = history;
        this.verified = Counter.builder("texlink.demo.frames.verified")
                .description("Frames that matched the test pattern of their id").register(registry);
        this.errors = Counter.builder("texlink.demo.frame.errors")
                .description("Frames that did not match the test pattern of their id").register(registry);
    }

    @Override
    public void accept(AcquiredFrame frame) {
        if (frame.buffer() instanceof VulkanFrame gpu) {
            gpu.download(hostCopy(gpu.hostSize()));
            check(frame, download, gpu instanceof VulkanImage image ? image.hostDescriptor() : frame.descriptor());
        } else if (frame.buffer() instanceof EglTexture texture) {
            texture.download(hostCopy(texture.hostSize()));
            check(frame, download, texture.hostDescriptor());
        } else if (frame.buffer() instanceof CudaFrame cuda) {
            FrameDescriptor layout = cuda.hostDescriptor();
            cuda.download(hostCopy(layout.size()));
            check(frame, download, layout);
        } else {
            check(frame, frame.memory(), frame.descriptor());
        }
    }

    /** The host copy for a GPU frame of {@code bytes}, reallocated when the size changes. */
    private MemorySegment hostCopy(long bytes) {
        if (download.byteSize() != bytes) {
            download = Arena.ofAuto().allocate(bytes);
        }
        return download;
    }

    /** Verifies {@code pixels}, laid out as {@code shape}, against the pattern of the frame's id. */
    private void check(AcquiredFrame frame, MemorySegment pixels, FrameDescriptor shape) {
        if (!shape.equals(patternShape)) {
            patternShape = shape; // a restarted producer may have another size
            pattern = new TestPattern(patternShape);
        }
        String wrong = pattern.verify(pixels, frame.frameId(), false);
        if (wrong == null) {
            verified.increment();
        } else {
            errors.increment();
            lastError = "frame " + frame.frameId() + ": " + wrong;
            LOG.warn("bad frame: " + lastError);
        }
        latest.offer(frame, pixels, shape);
        history.record(frame.latencyNanos());
    }

    /** Frames that matched so far. */
    public long verifiedCount() {
        return (long) verified.count();
    }

    /** Frames that did not match so far. */
    public long errorCount() {
        return (long) errors.count();
    }

    /** What was wrong with the last bad frame, or null. */
    public String lastError() {
        return lastError;
    }
}
