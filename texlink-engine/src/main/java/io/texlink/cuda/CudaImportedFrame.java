package io.texlink.cuda;

import io.texlink.Backend;
import io.texlink.FrameDescriptor;
import io.texlink.backend.ImportedBuffer;

import java.time.Duration;

/**
 * A received frame in CUDA (what {@link io.texlink.AcquiredFrame#buffer()} returns with a
 * {@link CudaFrameImporter}): a Vulkan producer's memory imported as external memory, or a CUDA
 * producer's VMM allocation mapped here.
 *
 * <p>When the client acquires the frame and the producer shares a timeline semaphore, the wait
 * for the frame's value is queued on {@link #stream()} (no CPU wait): work queued there afterwards
 * sees the finished frame. Releasing the frame waits for the stream, so that the producer never
 * overwrites memory this consumer's GPU still reads. Treat the memory as read-only.
 */
public final class CudaImportedFrame extends CudaFrame implements ImportedBuffer {
    private final Backend producer;
    private final CudaFrameImporter importer;
    /** The timeline value the frame's stream waits for; 0 for none. */
    private long waitedValue;

    CudaImportedFrame(CudaContext context, String name, FrameDescriptor descriptor, FrameMemory memory, Backend producer,
                      CudaFrameImporter importer, Duration waitTimeout) {
        super(context, name, descriptor, memory, waitTimeout);
        this.producer = producer;
        this.importer = importer;
    }

    /** The producer's backend: {@link Backend#VULKAN} (external memory) or {@link Backend#CUDA} (VMM). */
    public Backend producerBackend() {
        return producer;
    }

    /** Queues the wait for the producer's timeline {@code syncValue} on the frame's stream (allocation-free). */
    @Override
    public void beginRead(long syncValue) {
        CudaTimeline timeline = importer.timeline();
        waitedValue = 0;
        if (timeline != null && syncValue > 0) {
            timeline.waitAsync(syncValue, streamHandle);
            waitedValue = syncValue;
        }
    }

    /**
     * Waits until the work on the frame's stream is done, before the frame goes back to the producer.
     *
     * @throws io.texlink.TexlinkTimeoutException after the importer's wait timeout
     */
    @Override
    public void endRead() {
        synchronize();
    }

    @Override
    String pendingWork() {
        return waitedValue == 0 ? "" : "; it waits for the producer's timeline value " + waitedValue
                + ", which the producer has not signaled (is it still running?)";
    }
}
