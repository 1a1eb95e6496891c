package io.texlink.egl;

import io.texlink.AcquiredFrame;
import io.texlink.Backend;
import io.texlink.ClientOptions;
import io.texlink.FrameType;
import io.texlink.HandleType;
import io.texlink.TexlinkClient;
import io.texlink.TexlinkUnsupportedException;
import io.texlink.backend.FrameImporter;
import io.texlink.pattern.TestPattern;
import io.texlink.testing.SecondJvm;
import io.texlink.testing.Sessions;
import io.texlink.vulkan.VulkanContext;
import io.texlink.vulkan.VulkanFrame;
import io.texlink.vulkan.VulkanFrameImporter;
import io.texlink.vulkan.VulkanProducerMain;
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
import java.util.List;
import java.util.stream.Stream;

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
        EglTestSupport.interopOrSkip(EglTestSupport.vulkanShapeType(shape));
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
            "TEXTURE_2D 256x128 ABGR8888, OPTIMAL, VULKAN",
            "TEXTURE_2D 100x60 XRGB8888, LINEAR, VULKAN",
            "TEXTURE_3D 32x32x8 ABGR8888, OPTIMAL, VULKAN",
            "TEXTURE_CUBE 64x64 ARGB8888, OPTIMAL, VULKAN",
            "TEXTURE_2D 64x64 ABGR16161616F, OPTIMAL, EGL",
            "TEXTURE_2D 33x17 R8, OPTIMAL, EGL",
            "COMPUTE_BUFFER 4096, OPTIMAL, VULKAN"})
    void aConsumerHereReadsEveryFrameOfAGlProducerJvm(String shape, String tiling, Backend consumerApi) {
        EglTestSupport.interopOrSkip(EglTestSupport.shape(shape).type());
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

    /** How many frames were read back exactly, and how many of them a Vulkan consumer's GPU waited for. */
    record Received(int verified, int waited) {
    }

    /**
     * Acquires frames until the producer's last one and checks every row of each against the
     * pattern of its frame id; ids only grow (newest wins), each frame says whether to flip, and a
     * Vulkan consumer of a producer with a timeline waits for the frame's id as the value.
     */
    static Received readAll(TexlinkClient client, long lastId, boolean mustFlip) {
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
                EglTestSupport.HostAccess gpu = EglTestSupport.hostAccess(frame.buffer());
                boolean flips = frame.buffer() instanceof EglFrame gl ? gl.mustFlipY() : ((VulkanFrame) frame.buffer()).mustFlipY();
                assertThat(flips).as("Y flip between %s and this consumer", client.meta().backend()).isEqualTo(mustFlip);
                if (pattern == null) {
                    pattern = new TestPattern(gpu.hostShape());
                    contents = arena.allocate(gpu.hostSize());
                }
                assertThat(frame.frameId()).isGreaterThan(seen);
                if (frame.buffer() instanceof VulkanFrame vk && vk.waitSemaphore() != 0) {
                    assertThat(vk.waitValue()).as("the timeline value of frame %d", frame.frameId()).isEqualTo(frame.frameId());
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

    static ClientOptions clientOptions(Path socket, FrameImporter importer) {
        return ClientOptions.builderForSocket(socket).registry(null).connectTimeout(Duration.ofSeconds(20))
                .importer(() -> importer).build();
    }

    @Test
    void aProducerOnAnotherGpuIsRefusedWithoutLeakingDescriptors() throws IOException {
        EglTestSupport.interopOrSkip(FrameType.TEXTURE_2D);
        Path socket = Sessions.uniqueSocket(dir);
        try (EglContext consumer = EglTestSupport.contextOrSkip();
             SecondJvm producer = SecondJvm.start(VulkanProducerMain.class, socket.toString(), "2d:64x64:ABGR8888",
                     "OPTIMAL", "AUTO", "0", "0", "elsewhere")) {
            producer.awaitLineStartingWith("READY", START);
            long fdsBefore = openDescriptors();
            assertThatThrownBy(() -> TexlinkClient.connect(clientOptions(socket, EglFrameImporter.builder(consumer).build())))
                    .isInstanceOf(TexlinkUnsupportedException.class)
                    .hasMessageContaining("the producer's frames live on GPU")
                    .hasMessageContaining("same device and driver");
            assertThat(openDescriptors()).as("the received buffers' descriptors are closed").isEqualTo(fdsBefore);
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
    @Test
    void aJvmExitingWithContextsOpenExitsCleanly() {
        EglTestSupport.interopOrSkip(FrameType.TEXTURE_2D);
        try (SecondJvm jvm = SecondJvm.start(EglShutdownMain.class)) {
            assertThat(jvm.awaitExit(START)).as(jvm.output()).isZero();
            assertThat(jvm.output()).contains("LEAVING gl={", "texture=1");
        }
    }

    static long openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }
}
