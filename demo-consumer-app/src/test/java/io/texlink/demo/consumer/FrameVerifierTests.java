package io.texlink.demo.consumer;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.texlink.AcquiredFrame;
import io.texlink.ClientOptions;
import io.texlink.FrameDescriptor;
import io.texlink.PixelFormat;
import io.texlink.ServerOptions;
import io.texlink.TexlinkClient;
import io.texlink.TexlinkServer;
import io.texlink.TexlinkUnsupportedException;
import io.texlink.WritableFrame;
import io.texlink.backend.FrameAllocator;
import io.texlink.backend.FrameImporter;
import io.texlink.cpu.CpuFrameImporter;
import io.texlink.cuda.CudaAvailability;
import io.texlink.cuda.CudaFrame;
import io.texlink.cuda.CudaFrameAllocator;
import io.texlink.cuda.CudaFrameImporter;
import io.texlink.pattern.TestPattern;
import io.texlink.vulkan.VulkanContext;
import io.texlink.vulkan.VulkanFrameAllocator;
import io.texlink.vulkan.VulkanFrameImporter;
import io.texlink.vulkan.VulkanImage;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The verifier over a real session, CPU, Vulkan (this machine's device; skipped where there is
 * none) and CUDA (GPU tests, skipped without a CUDA driver): right frames count as verified, a
 * damaged one as an error.
 */
class FrameVerifierTests {
    private static final FrameDescriptor SHAPE = FrameDescriptor.texture2d(64, 32, PixelFormat.ABGR8888);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final LatestFrame latest = new LatestFrame();
    private final FrameVerifier verifier = new FrameVerifier(latest, new FrameHistory(), registry);

    @Test
    void countsMatchingFramesAndKeepsAPreview() {
        deliver((frame, id) -> new TestPattern(SHAPE).fill(frame.memory(), id));
        assertThat(verifier.verifiedCount()).isEqualTo(1);
        assertThat(verifier.errorCount()).isZero();
        assertThat(registry.get("texlink.demo.frames.verified").counter().count()).isEqualTo(1);
        assertThat(latest.snapshot()).hasValueSatisfying(s -> {
            assertThat(s.frameId()).isEqualTo(1);
            assertThat(s.image().getWidth()).isEqualTo(64);
        });
    }

    @Test
    void countsADamagedRowAsAnErrorWithWhatIsWrong() {
        deliver((frame, id) -> {
            new TestPattern(SHAPE).fill(frame.memory(), id);
            frame.memory().set(ValueLayout.JAVA_BYTE, SHAPE.stride() * 31L + 5, (byte) 0x5a);
        });
        assertThat(verifier.errorCount()).isEqualTo(1);
        assertThat(registry.get("texlink.demo.frame.errors").counter().count()).isEqualTo(1);
        assertThat(verifier.lastError()).startsWith("frame 1: row 31 differs");
    }

    @Test
    void downloadsAVulkanFrameAndChecksTheHostCopy() {
        try (VulkanContext vulkan = vulkanOrSkip()) {
            deliverVulkan(vulkan, (frame, id) -> uploadVulkan(frame, id, -1));
            assertThat(verifier.verifiedCount()).isEqualTo(1);
            assertThat(verifier.errorCount()).isZero();
            assertThat(latest.snapshot()).hasValueSatisfying(s -> assertThat(s.image().getWidth()).isEqualTo(64));
            assertThat(vulkan.liveObjects()).as("Vulkan objects left alive").isEmpty();
        }
    }

    @Test
    void countsADamagedVulkanFrameAsAnError() {
        try (VulkanContext vulkan = vulkanOrSkip()) {
            deliverVulkan(vulkan, (frame, id) -> uploadVulkan(frame, id, SHAPE.stride() * 31L + 5));
            assertThat(verifier.errorCount()).isEqualTo(1);
            assertThat(verifier.lastError()).startsWith("frame 1: row 31 differs");
        }
    }

    @Test
    @Tag("gpu")
    void downloadsACudaFrameAndChecksTheHostCopy() {
        requireCuda();
        deliverCuda((frame, id) -> uploadCuda(frame, id, -1));
        assertThat(verifier.verifiedCount()).isEqualTo(1);
        assertThat(verifier.errorCount()).isZero();
        assertThat(latest.snapshot()).hasValueSatisfying(s -> assertThat(s.image().getWidth()).isEqualTo(64));
    }

    @Test
    @Tag("gpu")
    void countsADamagedCudaFrameAsAnError() {
        requireCuda();
        deliverCuda((frame, id) -> uploadCuda(frame, id, SHAPE.stride() * 31L + 5));
        assertThat(verifier.errorCount()).isEqualTo(1);
        assertThat(verifier.lastError()).startsWith("frame 1: row 31 differs");
    }

    /** A Vulkan producer's optimal-tiled image reaches a CUDA consumer as a CUDA array, downloaded in packed rows. */
    @Test
    @Tag("gpu")
    void downloadsAVulkanImageImportedIntoCuda() {
        requireCuda();
        try (VulkanContext vulkan = vulkanOrSkip()) {
            deliver((frame, id) -> uploadVulkan(frame, id, -1), () -> VulkanFrameAllocator.builder(vulkan).build(),
                    () -> CudaFrameImporter.builder().build());
            assertThat(verifier.verifiedCount()).isEqualTo(1);
            assertThat(verifier.errorCount()).isZero();
        }
    }

    private static void uploadCuda(WritableFrame frame, long id, long damage) {
        CudaFrame cuda = (CudaFrame) frame.buffer();
        upload(cuda.hostDescriptor(), id, damage, cuda::upload);
    }

    private static void requireCuda() {
        CudaAvailability cuda = CudaAvailability.check();
        if (!cuda.available()) {
            Assumptions.abort("no CUDA here (GPU test; runs on an NVIDIA GPU): " + cuda.reason());
        }
    }

    private static void uploadVulkan(WritableFrame frame, long id, long damage) {
        VulkanImage image = (VulkanImage) frame.buffer();
        upload(image.hostDescriptor(), id, damage, image::upload);
    }

    /**
     * Hands {@code upload} the pattern of frame {@code id} in host memory laid out as {@code layout},
     * with the byte at {@code damage} (unless -1) changed.
     */
    private static void upload(FrameDescriptor layout, long id, long damage, Consumer<MemorySegment> upload) {
        MemorySegment pixels = Arena.ofAuto().allocate(layout.size());
        new TestPattern(layout).fill(pixels, id);
        if (damage >= 0) {
            pixels.set(ValueLayout.JAVA_BYTE, damage, (byte) 0x5a);
        }
        upload.accept(pixels);
    }

    private static VulkanContext vulkanOrSkip() {
        try {
            return VulkanContext.create();
        } catch (TexlinkUnsupportedException | LinkageError e) {
            Assumptions.abort("no usable Vulkan device here: " + e.getMessage());
            throw new AssertionError("unreachable");
        }
    }

    private void deliver(BiConsumer<WritableFrame, Long> writer) {
        deliver(writer, ServerOptions::defaultCpuAllocator, CpuFrameImporter::new);
    }

    /** Both sides on {@code vulkan}'s device: the producer exports, the client imports into the same device. */
    private void deliverVulkan(VulkanContext vulkan, BiConsumer<WritableFrame, Long> writer) {
        deliver(writer, () -> VulkanFrameAllocator.builder(vulkan).build(), () -> VulkanFrameImporter.builder(vulkan).build());
    }

    /** Both sides on CUDA device 0: the producer's CUDA memory, imported by a CUDA consumer. */
    private void deliverCuda(BiConsumer<WritableFrame, Long> writer) {
        deliver(writer, () -> CudaFrameAllocator.builder().build(), () -> CudaFrameImporter.builder().build());
    }

    /** Publishes one frame written by {@code writer} and hands what a client acquires to the verifier. */
    private void deliver(BiConsumer<WritableFrame, Long> writer, Supplier<FrameAllocator> allocator,
                         Supplier<FrameImporter> importer) {
        String name = "demo-verify-" + ProcessHandle.current().pid() + "-" + System.nanoTime() % 1_000_000;
        try (TexlinkServer server = TexlinkServer.create(ServerOptions.builder(name, SHAPE).registry(null)
                .allocator(allocator).build())) {
            server.start();
            try (TexlinkClient client = TexlinkClient.connect(ClientOptions.builder(name).registry(null)
                    .importer(importer).build())) {
                WritableFrame frame = server.tryBeginFrame();
                writer.accept(frame, 1L);
                server.endFrame(frame);
                AcquiredFrame acquired = client.acquireFrame(Duration.ofSeconds(5)).orElseThrow();
                verifier.accept(acquired);
                client.releaseFrame(acquired);
            }
        }
    }
}
