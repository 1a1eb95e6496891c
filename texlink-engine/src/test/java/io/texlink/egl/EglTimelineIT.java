package io.texlink.egl;

import io.texlink.Backend;
import io.texlink.FrameType;
import io.texlink.HandleType;
import io.texlink.TexlinkClient;
import io.texlink.testing.PatternConsumer;
import io.texlink.testing.SecondJvm;
import io.texlink.testing.Sessions;
import io.texlink.vulkan.VulkanContext;
import io.texlink.vulkan.VulkanFrameImporter;
import io.texlink.vulkan.VulkanProducerMain;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static io.texlink.egl.EglCrossProcessIT.START;
import static io.texlink.egl.EglCrossProcessIT.readAll;
import static io.texlink.testing.PatternConsumer.clientOptions;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * GPU-side sync between GL and Vulkan in two JVMs, at full speed (no pacing, triple buffering):
 * GL waits on a Vulkan producer's timeline semaphore ({@code glWaitSemaphoreEXT} with
 * {@code GL_NV_timeline_semaphore}), and GL signals it for a Vulkan consumer. Needs a GPU whose GL
 * and Vulkan drivers share timeline semaphores (the H100); skips elsewhere with what is missing.
 */
@Tag("gpu")
class EglTimelineIT {
    private static final int FRAMES = 120;

    @TempDir
    Path dir;

    /** Skips unless GL imports timeline semaphores and the Vulkan device on its GPU exports them. */
    private static void timelineOrSkip() {
        EglTestSupport.interopOrSkip(FrameType.TEXTURE_2D);
        try (EglContext gl = EglTestSupport.contextOrSkip();
             VulkanContext vulkan = VulkanContext.create(VulkanContext.Options.defaults().withDevice(gl.identity().orElseThrow()))) {
            Assumptions.assumeTrue(gl.capabilities().timelineSemaphores() && vulkan.capabilities().exportableTimelineSemaphores(),
                    () -> "GL and Vulkan share no timeline semaphores here (GPU test; runs on the H100): GL "
                            + gl.capabilities().summary() + "; Vulkan " + vulkan.capabilities().summary());
        }
    }

    @Test
    void glWaitsOnTheGpuForEveryFrameOfAVulkanProducer() {
        timelineOrSkip();
        Path socket = Sessions.uniqueSocket(dir);
        long started = System.nanoTime();
        try (SecondJvm producer = SecondJvm.start(VulkanProducerMain.class, socket.toString(), "2d:1920x1080:ABGR8888",
                "OPTIMAL", "TIMELINE_SEMAPHORE", String.valueOf(FRAMES), "0", "own")) {
            producer.awaitLineStartingWith("READY OPAQUE_FD", START);
            EglFrameImporter importer = EglFrameImporter.builder(EglContext.Options.defaults()).build();
            try (TexlinkClient client = TexlinkClient.connect(clientOptions(socket, importer))) {
                assertThat(client.meta().syncHandleType()).isEqualTo(HandleType.OPAQUE_FD);
                assertThat(importer.timelineSync()).as("GL imported the producer's timeline").isTrue();
                int verified = readAll(client, FRAMES, true).verified();
                System.out.println("EglTimelineIT vulkan->gl: " + verified + " of " + FRAMES + " frames read back exactly,"
                        + " each waited for by GL on the GPU, in " + (System.nanoTime() - started) / 1_000_000 + " ms on "
                        + importer.context().capabilities().renderer());
                assertThat(verified).isGreaterThanOrEqualTo(3);
            }
            assertThat(producer.awaitExit(START)).as(producer.output()).isZero();
        }
    }

    @Test
    void aVulkanConsumerWaitsOnTheGpuForEveryFrameGlSignals() {
        timelineOrSkip();
        Path socket = Sessions.uniqueSocket(dir);
        long started = System.nanoTime();
        try (SecondJvm producer = SecondJvm.start(EglProducerMain.class, socket.toString(), "2d:1920x1080:ABGR8888",
                "OPTIMAL", String.valueOf(FRAMES), "0")) {
            producer.awaitLineStartingWith("READY OPAQUE_FD OPAQUE_FD TIMELINE_SEMAPHORE", START);
            VulkanFrameImporter importer = VulkanFrameImporter.builder(VulkanContext.Options.defaults()).build();
            try (TexlinkClient client = TexlinkClient.connect(clientOptions(socket, importer))) {
                assertThat(client.meta().backend()).isEqualTo(Backend.EGL);
                PatternConsumer.Received received = readAll(client, FRAMES, true);
                System.out.println("EglTimelineIT gl->vulkan: " + received.verified() + " of " + FRAMES
                        + " frames read back exactly, " + received.waited() + " waited for on the GPU, in "
                        + (System.nanoTime() - started) / 1_000_000 + " ms on " + importer.context().capabilities().deviceName());
                assertThat(received.verified()).isGreaterThanOrEqualTo(3);
                assertThat(received.waited()).as("every frame GL signalled is waited for on the GPU").isEqualTo(received.verified());
            }
            assertThat(producer.awaitExit(START)).as(producer.output()).isZero();
            assertThat(producer.output()).contains("CLEAN gl=0 vulkan=0");
        }
    }
}
