package io.texlink.vulkan;

import io.texlink.Backend;
import io.texlink.HandleType;
import io.texlink.TexlinkClient;
import io.texlink.TexlinkUnsupportedException;
import io.texlink.testing.LeakCounters;
import io.texlink.testing.PatternConsumer;
import io.texlink.testing.PatternConsumer.Received;
import io.texlink.testing.SecondJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Duration;

import static io.texlink.testing.PatternConsumer.clientOptions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A producer JVM exports Vulkan frames; this JVM imports them on its own {@code VkDevice} through
 * a real texlink session and reads back exactly the producer's pixels and bytes, frame after
 * frame. Runs wherever Vulkan runs (lavapipe in CI), with validation where it is installed.
 */
class VulkanCrossProcessIT {
    static final Duration START = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "2d:256x128:ABGR8888, OPTIMAL",
            "2d:100x60:XRGB8888, LINEAR",
            "2d:33x17:R8, OPTIMAL",
            "2d:64x64:ABGR16161616F, OPTIMAL",
            "3d:32x32x8:ABGR8888, OPTIMAL",
            "cube:64:ARGB8888, OPTIMAL",
            "VERTEX_BUFFER:65536, OPTIMAL",
            "COMPUTE_BUFFER:1000, OPTIMAL",
            "RAW:4096, OPTIMAL"})
    void aConsumerInThisJvmReadsEveryFrameTheProducerJvmWrote(String shape, String tiling) {
        VulkanTestSupport.closeAndAssertClean(VulkanTestSupport.contextOrSkip()); // skips where there is no Vulkan
        Path socket = dir.resolve("vk.sock");
        int frames = 12;
        try (SecondJvm producer = SecondJvm.start(VulkanProducerMain.class, socket.toString(), shape, tiling, "AUTO",
                String.valueOf(frames), "15", "own")) {
            producer.awaitLineStartingWith("READY", START);
            VulkanFrameImporter importer = VulkanFrameImporter.builder(VulkanTestSupport.options()).build();
            VulkanContext consumer;
            try (TexlinkClient client = TexlinkClient.connect(clientOptions(socket, importer))) {
                consumer = importer.context();
                assertThat(client.meta().backend()).isEqualTo(Backend.VULKAN);
                assertThat(client.meta().handleType()).isEqualTo(HandleType.OPAQUE_FD);
                Received received = readAll(client, frames);
                System.out.println("VulkanCrossProcessIT " + shape + " " + tiling + ": " + received.verified() + " of "
                        + frames + " frames read back exactly, " + received.waited() + " waited for on the GPU, on "
                        + consumer.capabilities().deviceName());
                assertThat(received.verified()).as("frames read back exactly").isGreaterThanOrEqualTo(3);
                assertThat(received.waited()).as("frames waited for on the consumer's GPU").isEqualTo(
                        client.meta().syncHandleType() == HandleType.OPAQUE_FD ? received.verified() : 0);
            }
            assertThat(consumer.liveObjects()).as("objects left on the consumer's device").isEmpty();
            assertThat(consumer.validationErrors()).isEmpty();
            assertThat(producer.awaitExit(START)).as(producer.output()).isZero();
            assertThat(producer.output()).contains("PUBLISHED " + frames, "CLEAN live=0 validation=0");
        }
    }

    /** {@link PatternConsumer#readAll} of a Vulkan consumer, which waits for a producer's timeline value on its GPU. */
    static Received readAll(TexlinkClient client, long lastId) {
        return PatternConsumer.readAll(client, lastId, frame -> VulkanTestSupport.hostAccess((VulkanFrame) frame.buffer()),
                VulkanTestSupport::waitedOnGpu);
    }

    @Test
    void aProducerOnAnotherGpuIsRefusedWithoutLeakingDescriptors() {
        VulkanContext consumer = VulkanTestSupport.contextOrSkip();
        Path socket = dir.resolve("elsewhere.sock");
        try (SecondJvm producer = SecondJvm.start(VulkanProducerMain.class, socket.toString(), "2d:64x64:ABGR8888",
                "OPTIMAL", "AUTO", "0", "0", "elsewhere")) {
            producer.awaitLineStartingWith("READY", START);
            long fdsBefore = LeakCounters.openFds();
            VulkanFrameImporter importer = VulkanFrameImporter.builder(consumer).build();
            assertThatThrownBy(() -> TexlinkClient.connect(clientOptions(socket, importer)))
                    .isInstanceOf(TexlinkUnsupportedException.class)
                    .hasMessageContaining("the producer's frames live on GPU")
                    .hasMessageContaining("same device and driver");
            assertThat(LeakCounters.openFds()).as("the received buffers' descriptors are closed").isEqualTo(fdsBefore);
            assertThat(producer.awaitExit(START)).as(producer.output()).isZero();
        } finally {
            VulkanTestSupport.closeAndAssertClean(consumer);
        }
    }

    @Test
    void withoutAVulkanLoaderTexlinkSaysSoInsteadOfCrashing() {
        try (SecondJvm jvm = SecondJvm.start(java.util.List.of("-Dorg.lwjgl.vulkan.libname=libvulkan-not-installed.so.1"),
                NoVulkanMain.class)) {
            assertThat(jvm.awaitExit(START)).as(jvm.output()).isZero();
            assertThat(jvm.output()).contains("VALIDATION false", "UNSUPPORTED no Vulkan loader here", "install libvulkan1");
        }
    }
}
