package io.texlink.egl;

import io.texlink.Backend;
import io.texlink.FrameType;
import io.texlink.HandleType;
import io.texlink.TexlinkClient;
import io.texlink.TexlinkUnsupportedException;
import io.texlink.backend.FrameImporter;
import io.texlink.testing.LeakCounters;
import io.texlink.testing.PatternConsumer;
import io.texlink.testing.PatternConsumer.Received;
import io.texlink.testing.SecondJvm;
import io.texlink.testing.Sessions;
import io.texlink.testing.ShapeArgument;
import io.texlink.vulkan.ImageTiling;
import io.texlink.vulkan.VulkanContext;
import io.texlink.vulkan.VulkanFrame;
import io.texlink.vulkan.VulkanFrameImporter;
import io.texlink.vulkan.VulkanProducerMain;
import io.texlink.vulkan.VulkanTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static io.texlink.testing.PatternConsumer.clientOptions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Two JVMs, one real texlink session each: a Vulkan producer JVM read by a GL consumer here, and
 * a GL producer JVM read by a Vulkan or a GL consumer here, every frame checked row by row against
 * the producer's test pattern. Runs where EGL and Vulkan share a GPU (Mesa llvmpipe and lavapipe
 * in CI, NVIDIA on the GPU machine); skips with the reason found at runtime elsewhere.
 */
class EglCrossProcessIT {
    static final Duration START = Duration.ofSeconds(60);
    static final int FRAMES = 12;

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
            "VERTEX_BUFFER:65536, OPTIMAL"})
    void aGlConsumerHereReadsEveryFrameOfAVulkanProducerJvm(String shape, String tiling) {
        EglTestSupport.interopOrSkip(ShapeArgument.parse(shape).type(), ImageTiling.valueOf(tiling));
        Path socket = Sessions.uniqueSocket(dir);
        try (SecondJvm producer = SecondJvm.start(VulkanProducerMain.class, socket.toString(), shape, tiling, "AUTO",
                String.valueOf(FRAMES), "15", "own")) {
            producer.awaitLineStartingWith("READY", START);
            EglFrameImporter importer = EglFrameImporter.builder(EglContext.Options.defaults()).build();
            EglContext consumer;
            try (TexlinkClient client = TexlinkClient.connect(clientOptions(socket, importer))) {
                consumer = importer.context();
                assertThat(client.meta().backend()).isEqualTo(Backend.VULKAN);
                assertThat(importer.timelineSync()).as("GL waits on the producer's timeline where it shares one")
                        .isEqualTo(client.meta().syncHandleType() == HandleType.OPAQUE_FD);
                int verified = readAll(client, FRAMES, true).verified();
                System.out.println("EglCrossProcessIT vulkan->gl " + shape + " " + tiling + ": " + verified + " of " + FRAMES
                        + " frames read back exactly, sync " + (importer.timelineSync() ? "timeline semaphore (GPU wait)" : "none")
                        + ", on " + consumer.capabilities().renderer());
                assertThat(verified).as("frames read back exactly").isGreaterThanOrEqualTo(3);
            }
            assertThat(consumer.liveObjects()).as("GL objects left in the consumer's context").isEmpty();
            assertThat(producer.awaitExit(START)).as(producer.output()).isZero();
            assertThat(producer.output()).contains("PUBLISHED " + FRAMES, "CLEAN live=0 validation=0");
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({
            "2d:256x128:ABGR8888, OPTIMAL, VULKAN",
            "2d:100x60:XRGB8888, LINEAR, VULKAN",
            "3d:32x32x8:ABGR8888, OPTIMAL, VULKAN",
            "cube:64:ARGB8888, OPTIMAL, VULKAN",
            "2d:64x64:ABGR16161616F, OPTIMAL, EGL",
            "2d:33x17:R8, OPTIMAL, EGL",
            "COMPUTE_BUFFER:4096, OPTIMAL, VULKAN"})
    void aConsumerHereReadsEveryFrameOfAGlProducerJvm(String shape, String tiling, Backend consumerApi) {
        EglTestSupport.interopOrSkip(ShapeArgument.parse(shape).type(), ImageTiling.valueOf(tiling));
        Path socket = Sessions.uniqueSocket(dir);
        try (SecondJvm producer = SecondJvm.start(EglProducerMain.class, socket.toString(), shape, tiling,
                String.valueOf(FRAMES), "15")) {
            String ready = producer.awaitLineStartingWith("READY", START);
            FrameImporter importer = consumerApi == Backend.EGL
                    ? EglFrameImporter.builder(EglContext.Options.defaults()).build()
                    : VulkanFrameImporter.builder(VulkanContext.Options.defaults()).build();
            try (TexlinkClient client = TexlinkClient.connect(clientOptions(socket, importer))) {
                assertThat(client.meta().backend()).as("a GL producer names EGL in the handshake").isEqualTo(Backend.EGL);
                assertThat(client.meta().handleType()).isEqualTo(HandleType.OPAQUE_FD);
                Received received = readAll(client, FRAMES, consumerApi == Backend.VULKAN);
                System.out.println("EglCrossProcessIT gl->" + consumerApi.name().toLowerCase() + " " + shape + " " + tiling
                        + ": " + received.verified() + " of " + FRAMES + " frames read back exactly, " + received.waited()
                        + " waited for on the GPU; producer " + ready);
                assertThat(received.verified()).as("frames read back exactly").isGreaterThanOrEqualTo(3);
            }
            assertThat(producer.awaitExit(START)).as(producer.output()).isZero();
            assertThat(producer.output()).contains("PUBLISHED " + FRAMES, "CLEAN gl=0 vulkan=0");
        }
    }

    /**
     * {@link PatternConsumer#readAll} of a GL or Vulkan consumer: each frame must also say whether to
     * flip rows ({@code mustFlip}), and a Vulkan consumer of a producer with a timeline waits for
     * the frame's id as the value.
     */
    static Received readAll(TexlinkClient client, long lastId, boolean mustFlip) {
        return PatternConsumer.readAll(client, lastId, frame -> {
            boolean flips = frame.buffer() instanceof EglFrame gl ? gl.mustFlipY() : ((VulkanFrame) frame.buffer()).mustFlipY();
            assertThat(flips).as("Y flip between %s and this consumer", client.meta().backend()).isEqualTo(mustFlip);
            return EglTestSupport.hostAccess(frame.buffer());
        }, VulkanTestSupport::waitedOnGpu);
    }

    @Test
    void aProducerOnAnotherGpuIsRefusedWithoutLeakingDescriptors() {
        EglTestSupport.interopOrSkip(FrameType.TEXTURE_2D);
        Path socket = Sessions.uniqueSocket(dir);
        try (EglContext consumer = EglTestSupport.contextOrSkip();
             SecondJvm producer = SecondJvm.start(VulkanProducerMain.class, socket.toString(), "2d:64x64:ABGR8888",
                     "OPTIMAL", "AUTO", "0", "0", "elsewhere")) {
            producer.awaitLineStartingWith("READY", START);
            long fdsBefore = LeakCounters.openFds();
            assertThatThrownBy(() -> TexlinkClient.connect(clientOptions(socket, EglFrameImporter.builder(consumer).build())))
                    .isInstanceOf(TexlinkUnsupportedException.class)
                    .hasMessageContaining("the producer's frames live on GPU")
                    .hasMessageContaining("same device and driver");
            assertThat(LeakCounters.openFds()).as("the received buffers' descriptors are closed").isEqualTo(fdsBefore);
            assertThat(consumer.liveObjects()).isEmpty();
            assertThat(producer.awaitExit(START)).as(producer.output()).isZero();
        }
    }

    @Test
    void withoutAnEglLibraryTexlinkSaysSoInsteadOfCrashing() {
        try (SecondJvm jvm = SecondJvm.start(List.of("-Dorg.lwjgl.egl.libname=libEGL-not-installed.so.1"), NoEglMain.class)) {
            assertThat(jvm.awaitExit(START)).as(jvm.output()).isZero();
            assertThat(jvm.output()).contains("UNSUPPORTED no EGL library here", "install libegl1");
        }
    }

    /**
     * A JVM that exits with its context, a frame and a Vulkan device open exits cleanly: the
     * shutdown hook closes them (JUL's own hook has dropped log handlers by then, so the exit code is
     * what shows it). On llvmpipe nothing crashes either way; on NVIDIA this is the SIGSEGV in
     * {@code libEGL_nvidia} that an initialized display at exit causes.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"open", "closed", "written", "worker", "kept"})
    void aJvmUsingEglAndVulkanExitsCleanly(String ending) {
        EglTestSupport.interopOrSkip(FrameType.TEXTURE_2D);
        try (SecondJvm jvm = SecondJvm.start(EglShutdownMain.class, ending)) {
            assertThat(jvm.awaitExit(START)).as(jvm.output()).isZero();
            assertThat(jvm.output()).contains(ending.equals("open") ? "texture=1" : "LEAVING gl={}", "LEAVING gl={");
        }
    }
}
