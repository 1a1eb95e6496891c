package io.texlink.demo.producer;

import io.texlink.WritableFrame;
import io.texlink.cuda.CudaFrame;
import io.texlink.pattern.TestPattern;
import io.texlink.spring.FrameProducer;
import io.texlink.spring.backend.CudaBackend;
import io.texlink.spring.backend.TexlinkBackend;
import io.texlink.spring.backend.VulkanBackend;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Writes the test pattern of each frame's id into it, with the id in the first 8 bytes, so a
 * consumer can check every frame it gets. On the CPU backend it fills the frame's memory with the
 * test card (colour bars, the frame number, a bouncing square: {@link TestPattern#card}); on the
 * Vulkan backend a compute shader writes the pattern's stripes on the GPU ({@link GpuTestPattern}),
 * on the CUDA backend a CUDA kernel ({@link CudaTestPattern}). Consumers check either style
 * without being told which ({@link TestPattern#verify}).
 */
@Component
public class TestPatternProducer implements FrameProducer, DisposableBean {
    /** The Vulkan path, on the Vulkan backend's device; null on the other backends. */
    private final GpuTestPattern gpu;
    /** The CUDA path, in the CUDA backend's context; null on the other backends. */
    private final CudaTestPattern cuda;
    /** Made on the first CPU frame, from the server's frame shape; only the producer thread touches it. */
    private TestPattern pattern;

    /**
     * Taking the backend makes this bean depend on it, so Spring destroys this bean (and the GPU
     * objects it made) before the backend closes its Vulkan device or CUDA context.
     */
    public TestPatternProducer(TexlinkBackend backend) {
        this.gpu = backend instanceof VulkanBackend vulkan ? new GpuTestPattern(vulkan.context()) : null;
        this.cuda = backend instanceof CudaBackend cudaBackend ? new CudaTestPattern(cudaBackend.context()) : null;
    }

    @Override
    public void produce(WritableFrame frame, long frameId) {
        if (gpu != null) {
            gpu.render(frame, frameId);
            return;
        }
        if (cuda != null) {
            cuda.render((CudaFrame) frame.buffer(), frameId);
            return;
        }
        if (pattern == null) {
            pattern = TestPattern.card(frame.descriptor());
        }
        pattern.fill(frame.memory(), frameId);
    }

    /** Destroys the GPU path's Vulkan or CUDA objects; the server's producer thread has stopped by now. */
    @Override
    public void destroy() {
        if (gpu != null) {
            gpu.close();
        }
        if (cuda != null) {
            cuda.close();
        }
    }
}
