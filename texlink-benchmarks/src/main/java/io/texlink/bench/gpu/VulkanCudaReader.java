package io.texlink.bench.gpu;

import io.texlink.AcquiredFrame;
import io.texlink.WaitStrategy;
import io.texlink.bench.FrameReader;
import io.texlink.bench.TexlinkReceiver;
import io.texlink.bench.TrialSpec;
import io.texlink.cuda.CudaFrameImporter;
import io.texlink.cuda.CudaImportedFrame;
import jcuda.driver.CUDA_MEMCPY2D;

import java.time.Duration;

/**
 * The consumer of texlink Vulkan → CUDA: a texlink client with the {@link CudaFrameImporter}
 * (the producer's memory imported as a CUDA array for optimal images, a device pointer for linear
 * ones; its timeline semaphore imported, and waited for on the frame's stream when the frame is
 * acquired). Per frame it copies the {@link GpuStamp} to pinned memory on the frame's stream and
 * waits for the stream. The latency runs from texlink's publish timestamp (taken in
 * {@code endFrame} after the timeline signal is queued) to that moment: texlink's own
 * publish-to-acquire latency plus the time from the acquire to the stream's completion.
 */
public final class VulkanCudaReader implements FrameReader {
    private static final String WHAT = "texlink Vulkan → CUDA consumer";
    /** Longer than any frame's GPU work, shorter than the trial's slack: a lost signal fails the trial. */
    private static final Duration IMPORTER_WAIT = Duration.ofSeconds(5);

    private final CUDA_MEMCPY2D[] arrayCopies;
    private StampReadback readback;
    private int phase;

    private VulkanCudaReader(int buffers) {
        this.arrayCopies = new CUDA_MEMCPY2D[buffers];
    }

    /** The trial's receiver: blocking waits (texlink's default), frames imported into CUDA. */
    public static TexlinkReceiver receiver(TrialSpec spec) {
        return new TexlinkReceiver(spec, WaitStrategy.blocking(),
                () -> CudaFrameImporter.builder().waitTimeout(IMPORTER_WAIT).build(), new VulkanCudaReader(spec.cell().buffers()));
    }

    @Override
    public long read(AcquiredFrame frame, long acquiredNanos) {
        CudaImportedFrame cuda = (CudaImportedFrame) frame.buffer();
        if (readback == null) { // the importer's context exists once the first frame is imported
            readback = new StampReadback(cuda.context().context(), WHAT);
        }
        if (cuda.isArray()) {
            int index = frame.index();
            if (arrayCopies[index] == null) {
                arrayCopies[index] = readback.arrayCopy(cuda.array());
            }
            readback.fromArray(arrayCopies[index], cuda.stream());
        } else {
            readback.fromDevice(cuda.devicePointer(), cuda.stream());
        }
        phase = readback.await(cuda.stream(), frame.frameId());
        long usable = System.nanoTime();
        return frame.latencyNanos() + (usable - acquiredNanos);
    }

    @Override
    public int phase() {
        return phase;
    }

    @Override
    public void close() {
        if (readback != null) {
            readback.close();
        }
    }
}
