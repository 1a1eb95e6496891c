package io.texlink.demo.producer;

import io.texlink.FrameDescriptor;
import io.texlink.PixelFormat;
import io.texlink.backend.ExportedBuffer;
import io.texlink.backend.FrameAllocator;
import io.texlink.cuda.CudaAvailability;
import io.texlink.cuda.CudaContext;
import io.texlink.cuda.CudaFrame;
import io.texlink.cuda.CudaMappedFrame;
import io.texlink.pattern.TestPattern;
import io.texlink.spring.backend.CudaBackend;
import io.texlink.vulkan.ImageTiling;
import io.texlink.vulkan.VulkanContext;
import io.texlink.vulkan.VulkanFrameAllocator;
import io.texlink.vulkan.VulkanImage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The hand-written PTX kernel on a real GPU: every byte it writes is compared with what
 * {@link TestPattern#stripes} writes, for each kind of frame the CUDA backend gives a producer (CUDA memory,
 * Vulkan images mapped as CUDA arrays or as linear memory) and frame ids whose low and high words
 * both matter. For Vulkan frames, what a Vulkan consumer downloads is checked too. Skipped with
 * the probe's reason where there is no CUDA driver; this is the one run that proves the kernel.
 */
@Tag("gpu")
class CudaTestPatternTest {
    private static final long[] FRAME_IDS = { 1, 2, 255, 256, 0x1_0000_0003L };
    /**
     * One CUDA and one Vulkan context for every case, as an application has: NVIDIA's Vulkan driver
     * refuses new instances (VK_ERROR_INCOMPATIBLE_DRIVER) after some dozens in one process.
     */
    private static CudaContext cuda;
    private static VulkanContext vulkan;

    @BeforeAll
    static void contexts() {
        CudaAvailability availability = CudaAvailability.check();
        if (!availability.available()) {
            Assumptions.abort("no CUDA here (GPU test; runs on an NVIDIA GPU): " + availability.reason());
        }
        cuda = CudaContext.open(0);
        vulkan = VulkanContext.create(VulkanContext.Options.defaults().withDevice(cuda.identity()));
    }

    @AfterAll
    static void closeContexts() {
        if (vulkan != null) {
            vulkan.close();
        }
        if (cuda != null) {
            cuda.close();
        }
    }

    static Stream<Arguments> frames() {
        FrameDescriptor rgba = FrameDescriptor.texture2d(320, 180, PixelFormat.ABGR8888);
        FrameDescriptor oddRows = FrameDescriptor.texture2d(333, 77, PixelFormat.R8);
        FrameDescriptor volume = FrameDescriptor.texture3d(64, 32, 4, PixelFormat.ARGB8888);
        FrameDescriptor cube = FrameDescriptor.textureCube(32, PixelFormat.ABGR8888);
        Stream.Builder<Arguments> cases = Stream.builder();
        for (FrameDescriptor shape : new FrameDescriptor[] { rgba, oddRows, volume, cube }) {
            cases.add(Arguments.of(CudaBackend.ProducerMemory.CUDA, ImageTiling.OPTIMAL, shape));
            cases.add(Arguments.of(CudaBackend.ProducerMemory.VULKAN, ImageTiling.OPTIMAL, shape));
        }
        // Vulkan promises linear tiling for single-layer 2D images only.
        cases.add(Arguments.of(CudaBackend.ProducerMemory.VULKAN, ImageTiling.LINEAR, rgba));
        cases.add(Arguments.of(CudaBackend.ProducerMemory.VULKAN, ImageTiling.LINEAR, oddRows));
        return cases.build();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("frames")
    void theKernelWritesExactlyTheTestPattern(CudaBackend.ProducerMemory memory, ImageTiling tiling, FrameDescriptor shape) {
        try (CudaBackend backend = CudaBackend.builder().context(cuda).vulkanContext(vulkan).producerMemory(memory)
                .vulkanFrames(tiling, VulkanFrameAllocator.SyncMode.AUTO).build();
             CudaTestPattern kernel = new CudaTestPattern(backend.context());
             FrameAllocator allocator = backend.newAllocator();
             ExportedBuffer buffer = allocator.allocate(0, shape);
             Arena arena = Arena.ofConfined()) {
            CudaFrame frame = (CudaFrame) buffer;
            FrameDescriptor layout = frame.hostDescriptor();
            System.out.println("FRAME " + frame + ", written as " + layout);
            MemorySegment written = arena.allocate(layout.size());
            MemorySegment expected = arena.allocate(layout.size());
            for (long id : FRAME_IDS) {
                kernel.render(frame, id);
                frame.download(written); // queued after the kernel (and the copy into an array) on the frame's stream
                MemorySegment.copy(written, 0, expected, 0, layout.size()); // padding between rows stays as read
                TestPattern.stripes(layout).fill(expected, id);
                assertThat(written.mismatch(expected)).as("first byte the kernel wrote differently from"
                        + " TestPattern's stripes, frame %d", id).isEqualTo(-1);
                if (frame instanceof CudaMappedFrame mapped) {
                    VulkanImage image = (VulkanImage) mapped.delegate();
                    MemorySegment seenByVulkan = arena.allocate(image.hostSize());
                    image.download(seenByVulkan);
                    assertThat(new TestPattern(image.hostDescriptor()).verify(seenByVulkan, id, true))
                            .as("frame %d as Vulkan reads it", id).isNull();
                }
            }
        }
    }
}
