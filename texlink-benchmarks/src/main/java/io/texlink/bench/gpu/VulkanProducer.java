package io.texlink.bench.gpu;

import io.texlink.WritableFrame;
import io.texlink.bench.FrameWriter;
import io.texlink.bench.TexlinkPublisher;
import io.texlink.bench.TrialSpec;
import io.texlink.vulkan.ImageTiling;
import io.texlink.vulkan.VulkanContext;
import io.texlink.vulkan.VulkanFrameAllocator;
import io.texlink.vulkan.VulkanImage;

/**
 * The producer of texlink Vulkan → CUDA: a texlink session of Vulkan images of the cell's size
 * ({@link VulkanFrameAllocator}, OPAQUE_FD memory, a shared timeline semaphore) into which each
 * frame's {@link GpuStamp} is written on the GPU ({@link VulkanStamp}) before {@code endFrame}
 * queues the timeline signal, stamps the publish time and notifies the consumer.
 */
public final class VulkanProducer implements FrameWriter {
    private final VulkanContext context;
    private final VulkanStamp stamp;

    private VulkanProducer(VulkanContext context, int buffers) {
        this.context = context;
        this.stamp = new VulkanStamp(context, buffers);
    }

    /**
     * The trial's publisher, on a Vulkan context of its own (the best device: the discrete GPU).
     * Sync is forced to the timeline semaphore: where the device cannot share one, the trial fails
     * with the reason rather than measuring the producer's fence wait instead.
     */
    public static TexlinkPublisher publisher(TrialSpec spec, ImageTiling tiling) {
        VulkanContext context = VulkanContext.create();
        VulkanProducer producer;
        try {
            producer = new VulkanProducer(context, spec.cell().buffers());
        } catch (RuntimeException e) {
            context.close();
            throw e;
        }
        return new TexlinkPublisher(spec, spec.cell().size().descriptor(), () -> VulkanFrameAllocator.builder(context)
                .tiling(tiling).sync(VulkanFrameAllocator.SyncMode.TIMELINE_SEMAPHORE).build(), producer);
    }

    @Override
    public void write(WritableFrame frame, long frameId, int phase) {
        stamp.write((VulkanImage) frame.buffer(), frame.index(), GpuStamp.encode(frameId, phase));
    }

    /** Destroys the stamp's objects and the context (the server closed the frames before). */
    @Override
    public void close() {
        try {
            stamp.close();
        } finally {
            context.close();
        }
    }
}
