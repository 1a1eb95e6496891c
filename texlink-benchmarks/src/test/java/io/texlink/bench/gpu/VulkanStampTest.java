package io.texlink.bench.gpu;

import io.texlink.AcquiredFrame;
import io.texlink.ClientOptions;
import io.texlink.TexlinkClient;
import io.texlink.TexlinkUnsupportedException;
import io.texlink.bench.Cell;
import io.texlink.bench.FrameHeader;
import io.texlink.bench.FrameSize;
import io.texlink.bench.Method;
import io.texlink.bench.TexlinkPublisher;
import io.texlink.bench.TrialSpec;
import io.texlink.vulkan.ImageTiling;
import io.texlink.vulkan.VulkanContext;
import io.texlink.vulkan.VulkanFrameAllocator;
import io.texlink.vulkan.VulkanImage;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Vulkan producers' GPU work on any Vulkan device (lavapipe in CI, with the validation layer
 * and its synchronization checks where installed): the stamp lands in the image, and the readback
 * producer publishes it in its CPU frames. Skipped with the reason where there is no Vulkan.
 */
class VulkanStampTest {

    @ParameterizedTest
    @EnumSource(ImageTiling.class)
    void theStampLandsInTheFirstTexelsOfEachFrame(ImageTiling tiling) {
        VulkanContext context = contextOrSkip();
        VulkanFrameAllocator images = VulkanFrameAllocator.builder(context).tiling(tiling)
                .sync(VulkanFrameAllocator.SyncMode.PRODUCER_FENCE).build();
        try (Arena arena = Arena.ofConfined()) {
            VulkanImage[] frames = {(VulkanImage) images.allocate(0, FrameSize.KIB_64.descriptor()),
                    (VulkanImage) images.allocate(1, FrameSize.KIB_64.descriptor())};
            MemorySegment host = arena.allocate(frames[0].hostSize());
            try (VulkanStamp stamp = new VulkanStamp(context, frames.length)) {
                for (long frameId = 1; frameId <= 6; frameId++) {
                    int slot = (int) (frameId % frames.length);
                    stamp.write(frames[slot], slot, GpuStamp.encode(frameId, FrameHeader.MEASURE));
                    frames[slot].download(host);

                    assertThat(GpuStamp.verify(host.asByteBuffer().order(ByteOrder.nativeOrder()), frameId, "test"))
                            .isEqualTo(FrameHeader.MEASURE);
                }
            }
            for (VulkanImage frame : frames) {
                frame.close();
            }
        } finally {
            images.close();
            context.close();
        }
        assertThat(context.validationErrors()).as("validation layer errors").isEmpty();
    }

    @Test
    void theReadbackProducerPublishesTheStampedPixels(@TempDir Path dir) {
        contextOrSkip().close();
        Cell cell = Cell.paced(Method.READBACK_UPLOAD, FrameSize.KIB_64, 0);
        TrialSpec spec = new TrialSpec(cell, 0, 0, dir.resolve("readback"));
        try (TexlinkPublisher publisher = ReadbackProducer.publisher(spec);
             TexlinkClient client = TexlinkClient.connect(ClientOptions.builderForSocket(spec.socketPath()).registry(null)
                     .connectTimeout(Duration.ofSeconds(10)).build())) {
            for (long frameId = 1; frameId <= 4; frameId++) {
                long before = System.nanoTime();
                publish(publisher, frameId);
                AcquiredFrame frame = client.tryAcquireFrame(Duration.ofSeconds(10).toNanos());
                assertThat(frame).isNotNull();
                MemorySegment memory = frame.memory();

                assertThat(FrameHeader.frameId(memory)).isEqualTo(frameId);
                assertThat(FrameHeader.sendNanos(memory)).isGreaterThanOrEqualTo(before);
                assertThat(GpuStamp.verify(HostFrameLayout.pixels(memory, cell.size()).asByteBuffer()
                        .order(ByteOrder.nativeOrder()), frameId, "test")).isEqualTo(FrameHeader.MEASURE);
                client.releaseFrame(frame);
            }
        }
    }

    /** Publishes as the trial's producer does: again while texlink has no free buffer (the release is on its way). */
    private static void publish(TexlinkPublisher publisher, long frameId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!publisher.tryPublish(frameId, FrameHeader.MEASURE)) {
            assertThat(System.nanoTime() - deadline).as("a free buffer for frame %d", frameId).isNegative();
            Thread.yield();
        }
    }

    private static VulkanContext contextOrSkip() {
        boolean validation;
        try {
            validation = VulkanContext.validationLayerInstalled();
            return VulkanContext.create(VulkanContext.Options.defaults().withValidation(validation));
        } catch (TexlinkUnsupportedException | LinkageError e) {
            Assumptions.abort("no usable Vulkan device here: " + e.getMessage());
            throw new AssertionError("unreachable");
        }
    }
}
