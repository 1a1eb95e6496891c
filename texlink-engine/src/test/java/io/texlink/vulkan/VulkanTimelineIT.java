package io.texlink.vulkan;

import io.texlink.HandleType;
import io.texlink.TexlinkClient;
import io.texlink.testing.PatternConsumer;
import io.texlink.testing.SecondJvm;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;

import static io.texlink.testing.PatternConsumer.clientOptions;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Timeline-semaphore sync across JVMs: the producer JVM publishes frames as fast as buffers come
 * free (several in flight, it never waits for its GPU), each with its timeline value in the
 * notification; this JVM waits for the value on its GPU (or CPU) before reading, and checks every
 * row. Needs a GPU that exports timeline semaphores (the H100); skipped elsewhere.
 */
@Tag("gpu")
class VulkanTimelineIT {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} {2}, wait on {1}")
    @CsvSource({
            "2d:1920x1080:ABGR8888, GPU, OPTIMAL",
            "2d:1920x1080:ABGR8888, CPU, OPTIMAL",
            "2d:1024x768:ARGB8888, GPU, LINEAR",
            "cube:256:ABGR16161616F, GPU, OPTIMAL",
            "3d:128x128x16:XBGR8888, GPU, OPTIMAL",
            "COMPUTE_BUFFER:16777216, GPU, OPTIMAL"})
    void everyFrameIsReadAfterItsTimelineValue(String shape, VulkanFrameImporter.TimelineWait wait, String tiling) {
        VulkanTestSupport.closeAndAssertClean(VulkanTestSupport.timelineContextOrSkip());
        Path socket = dir.resolve("timeline.sock");
        int frames = 120;
        try (SecondJvm producer = SecondJvm.start(VulkanProducerMain.class, socket.toString(), shape,
                tiling, "TIMELINE_SEMAPHORE", String.valueOf(frames), "0", "own")) {
            producer.awaitLineStartingWith("READY", VulkanCrossProcessIT.START);
            VulkanFrameImporter importer = VulkanFrameImporter.builder(VulkanTestSupport.options()).timelineWait(wait).build();
            VulkanContext consumer;
            try (TexlinkClient client = TexlinkClient.connect(clientOptions(socket, importer))) {
                consumer = importer.context();
                assertThat(client.meta().syncHandleType()).isEqualTo(HandleType.OPAQUE_FD);
                assertThat(importer.syncMode()).isEqualTo(VulkanFrameAllocator.SyncMode.TIMELINE_SEMAPHORE);
                long start = System.nanoTime();
                PatternConsumer.Received received = VulkanCrossProcessIT.readAll(client, frames);
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("VulkanTimelineIT %s wait on %s: %d of %d frames read back exactly (%d waited for on"
                                + " the GPU) in %.2f s on %s%n", shape, wait, received.verified(), frames, received.waited(),
                        seconds, consumer.capabilities().deviceName());
                assertThat(received.verified()).isGreaterThanOrEqualTo(10);
                assertThat(received.waited()).isEqualTo(wait == VulkanFrameImporter.TimelineWait.GPU ? received.verified() : 0);
            }
            assertThat(consumer.liveObjects()).isEmpty();
            assertThat(producer.awaitExit(VulkanCrossProcessIT.START)).as(producer.output()).isZero();
            assertThat(producer.output()).contains("PUBLISHED " + frames, "CLEAN live=0 validation=0");
        }
    }
}
