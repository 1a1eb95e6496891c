package io.texlink.vulkan;

import io.texlink.AcquiredFrame;
import io.texlink.Backend;
import io.texlink.ClientOptions;
import io.texlink.HandleType;
import io.texlink.TexlinkClient;
import io.texlink.TexlinkUnsupportedException;
import io.texlink.pattern.TestPattern;
import io.texlink.testing.SecondJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

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

    /** How many frames were read back exactly, and how many of them the consumer's GPU waited for. */
    record Received(int verified, int waited) {
    }

    /**
     * Acquires frames until the producer's last one, downloads each and checks every row against
     * the pattern of its frame id; ids must only grow (newest wins, never an old frame).
     */
    static Received readAll(TexlinkClient client, long lastId) {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        TestPattern pattern = null;
        int verified = 0;
        int waited = 0;
        long seen = 0;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment contents = null;
            while (seen < lastId) {
                assertThat(System.nanoTime()).as("frame %d arrives in time", lastId).isLessThan(deadline);
                AcquiredFrame frame = client.tryAcquireFrame(1_000_000_000L);
                if (frame == null) {
                    continue;
                }
                VulkanFrame gpu = (VulkanFrame) frame.buffer();
                if (pattern == null) {
                    pattern = new TestPattern(VulkanSharingTest.hostShape(gpu));
                    contents = arena.allocate(gpu.hostSize());
                }
                assertThat(frame.frameId()).isGreaterThan(seen);
                if (gpu.waitSemaphore() != 0) {
                    assertThat(gpu.waitValue()).as("the timeline value of frame %d", frame.frameId()).isEqualTo(frame.frameId());
                    waited++;
                }
                gpu.download(contents);
                assertThat(pattern.verify(contents, frame.frameId(), true)).as("frame %d", frame.frameId()).isNull();
                seen = frame.frameId();
                verified++;
                client.releaseFrame(frame);
            }
        }
        return new Received(verified, waited);
    }

    static ClientOptions clientOptions(Path socket, VulkanFrameImporter importer) {
        return ClientOptions.builderForSocket(socket).registry(null).connectTimeout(Duration.ofSeconds(20))
                .importer(() -> importer).build();
    }

    @Test
    void aProducerOnAnotherGpuIsRefusedWithoutLeakingDescriptors() throws IOException {
        VulkanContext consumer = VulkanTestSupport.contextOrSkip();
        Path socket = dir.resolve("elsewhere.sock");
        try (SecondJvm producer = SecondJvm.start(VulkanProducerMain.class, socket.toString(), "2d:64x64:ABGR8888",
                "OPTIMAL", "AUTO", "0", "0", "elsewhere")) {
            producer.awaitLineStartingWith("READY", START);
            long fdsBefore = openDescriptors();
            VulkanFrameImporter importer = VulkanFrameImporter.builder(consumer).build();
            assertThatThrownBy(() -> TexlinkClient.connect(clientOptions(socket, importer)))
                    .isInstanceOf(TexlinkUnsupportedException.class)
                    .hasMessageContaining("the producer's frames live on GPU")
                    .hasMessageContaining("same device and driver");
            assertThat(openDescriptors()).as("the received buffers' descriptors are closed").isEqualTo(fdsBefore);
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

    static long openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }
}
