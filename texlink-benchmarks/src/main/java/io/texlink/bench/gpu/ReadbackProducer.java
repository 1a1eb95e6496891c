package io.texlink.bench.gpu;

import io.texlink.ServerOptions;
import io.texlink.WritableFrame;
import io.texlink.bench.FrameHeader;
import io.texlink.bench.FrameSize;
import io.texlink.bench.FrameWriter;
import io.texlink.bench.TexlinkPublisher;
import io.texlink.bench.TrialSpec;
import io.texlink.vulkan.VulkanContext;
import io.texlink.vulkan.VulkanFrameAllocator;
import io.texlink.vulkan.VulkanImage;

import java.lang.foreign.MemorySegment;

/**
 * The producer of readback + copy + upload: what an application does without GPU sharing. Its
 * frame lives in one Vulkan image of the cell's size; per frame it queues the {@link GpuStamp}
 * write ({@link VulkanStamp}), takes its timestamp, reads the whole image back with
 * {@link VulkanImage#download} (a copy into host-cached staging memory, a fence wait, then a CPU
 * copy straight into the shared frame) and publishes a texlink CPU frame
 * ({@link HostFrameLayout#readbackFrame}) carrying the {@link FrameHeader} and the pixels.
 */
public final class ReadbackProducer implements FrameWriter {
    private final FrameSize size;
    private final VulkanContext context;
    private final VulkanFrameAllocator images;
    private final VulkanImage image;
    private final VulkanStamp stamp;
    /** The pixel area of each shared buffer, sliced once (by buffer index). */
    private final MemorySegment[] pixels;

    private ReadbackProducer(FrameSize size, int buffers, VulkanContext context) {
        this.size = size;
        this.context = context;
        this.pixels = new MemorySegment[buffers];
        // The engine has no public factory for an image that is not shared; an allocator's image, made
        // the way texlink shares them (optimal tiling, device-local), is what a renderer would draw into.
        this.images = VulkanFrameAllocator.builder(context).sync(VulkanFrameAllocator.SyncMode.PRODUCER_FENCE).build();
        VulkanStamp made = null;
        try {
            this.image = (VulkanImage) images.allocate(0, size.descriptor());
            made = new VulkanStamp(context, 1);
        } catch (RuntimeException e) {
            images.close();
            throw e;
        }
        this.stamp = made;
    }

    /** The trial's publisher: CPU frames of header and pixels, on a Vulkan context of its own. */
    public static TexlinkPublisher publisher(TrialSpec spec) {
        FrameSize size = spec.cell().size();
        VulkanContext context = VulkanContext.create();
        ReadbackProducer producer;
        try {
            producer = new ReadbackProducer(size, spec.cell().buffers(), context);
        } catch (RuntimeException e) {
            context.close();
            throw e;
        }
        return new TexlinkPublisher(spec, HostFrameLayout.readbackFrame(size), ServerOptions::defaultCpuAllocator, producer);
    }

    @Override
    public void write(WritableFrame frame, long frameId, int phase) {
        stamp.write(image, 0, GpuStamp.encode(frameId, phase));
        long start = System.nanoTime();
        int index = frame.index();
        if (pixels[index] == null) {
            pixels[index] = HostFrameLayout.pixels(frame.memory(), size);
        }
        image.download(pixels[index]);
        FrameHeader.write(frame.memory(), start, frameId, phase, 0);
    }

    /** Destroys the stamp's objects, the image and the context. */
    @Override
    public void close() {
        try {
            stamp.close();
            image.close();
            images.close();
        } finally {
            context.close();
        }
    }
}
