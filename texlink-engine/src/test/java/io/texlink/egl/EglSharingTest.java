package io.texlink.egl;

import io.texlink.Backend;
import io.texlink.FrameDescriptor;
import io.texlink.FrameMeta;
import io.texlink.FrameType;
import io.texlink.PixelFormat;
import io.texlink.backend.ExportedBuffer;
import io.texlink.backend.FrameAllocator;
import io.texlink.backend.FrameImporter;
import io.texlink.backend.ImportedBuffer;
import io.texlink.pattern.TestPattern;
import io.texlink.posix.Libc;
import io.texlink.posix.OwnedFd;
import io.texlink.testing.HostAccess;
import io.texlink.vulkan.ImageTiling;
import io.texlink.vulkan.VulkanContext;
import io.texlink.vulkan.VulkanFrame;
import io.texlink.vulkan.VulkanFrameAllocator;
import io.texlink.vulkan.VulkanFrameImporter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Frames between Vulkan and OpenGL ES in this process, through the backend SPI and real
 * duplicated descriptors (as across processes): a Vulkan producer read by GL, a GL producer read
 * by Vulkan, and GL to GL, with the exact test pattern read back for every shape. Runs where EGL
 * and Vulkan share a GPU (Mesa llvmpipe and lavapipe in CI).
 */
class EglSharingTest {
    private static EglContext gl;
    private static VulkanContext vulkan;

    @BeforeAll
    static void contexts() {
        gl = EglTestSupport.contextOrSkip();
        EglTestSupport.assumeOpaqueFd(gl);
        vulkan = gl.vulkan(VulkanContext.Options.defaults()); // the one the EGL importers use too; closed with gl
    }

    @AfterAll
    static void close() {
        if (gl != null) {
            gl.close();
        }
    }

    @AfterEach
    void everythingDeleted() {
        assertThat(gl.liveObjects()).as("GL objects left").isEmpty();
        assertThat(vulkan.liveObjects()).as("Vulkan objects left").isEmpty();
    }

    enum Api { VULKAN, EGL }

    static Stream<Arguments> pairs() {
        List<FrameDescriptor> shapes = List.of(
                FrameDescriptor.texture2d(64, 48, PixelFormat.ABGR8888),
                FrameDescriptor.texture2d(61, 17, PixelFormat.ARGB8888),
                FrameDescriptor.texture2d(33, 9, PixelFormat.R8),
                FrameDescriptor.texture2d(32, 20, PixelFormat.ABGR16161616F),
                FrameDescriptor.texture3d(16, 12, 5, PixelFormat.XRGB8888),
                FrameDescriptor.textureCube(16, PixelFormat.ABGR8888),
                FrameDescriptor.buffer(FrameType.VERTEX_BUFFER, 65_536),
                FrameDescriptor.buffer(FrameType.RAW, 12_345));
        List<Arguments> pairs = new ArrayList<>();
        for (Api[] pair : new Api[][] {{Api.VULKAN, Api.EGL}, {Api.EGL, Api.VULKAN}, {Api.EGL, Api.EGL}}) {
            for (FrameDescriptor shape : shapes) {
                for (ImageTiling tiling : shape.type() == FrameType.TEXTURE_2D ? ImageTiling.values() : new ImageTiling[] {ImageTiling.OPTIMAL}) {
                    pairs.add(Arguments.of(pair[0], pair[1], shape, tiling));
                }
            }
        }
        return pairs.stream();
    }

    @ParameterizedTest(name = "{0} -> {1}: {2} {3}")
    @MethodSource("pairs")
    void theConsumerReadsTheProducersExactContents(Api producer, Api consumer, FrameDescriptor shape, ImageTiling tiling) {
        EglTestSupport.interopOrSkip(shape.type(), tiling);
        try (FrameAllocator allocator = allocator(producer, tiling);
             FrameImporter importer = importer(consumer);
             ExportedBuffer exported = allocator.allocate(0, shape)) {
            Backend backend = producer == Api.EGL ? Backend.EGL : Backend.VULKAN;
            assertThat(allocator.backend()).isEqualTo(backend);
            FrameMeta meta = new FrameMeta(backend, allocator.handleType(), exported.descriptor(), 0,
                    allocator.syncHandleType(), 0);
            importer.checkProducerDevice(allocator.deviceIdentity());
            try (ImportedBuffer imported = importer.importBuffer(0,
                    new OwnedFd(Libc.fcntl(exported.exportDescriptor(), Libc.F_DUPFD_CLOEXEC, 0)), meta)) {
                if (imported instanceof EglFrame frame) {
                    assertThat(frame.mustFlipY()).isEqualTo(producer == Api.VULKAN);
                } else {
                    assertThat(((VulkanFrame) imported).mustFlipY()).isEqualTo(producer == Api.EGL);
                }
                roundTrips(exported, imported, 3);
            }
        }
    }

    /** Writes frames 1..n on the producer's side and checks every row the consumer's side reads back. */
    static void roundTrips(ExportedBuffer exported, ImportedBuffer imported, int frames) {
        HostAccess writer = EglTestSupport.hostAccess(exported);
        HostAccess reader = EglTestSupport.hostAccess(imported);
        assertThat(reader.hostShape()).isEqualTo(writer.hostShape());
        TestPattern pattern = new TestPattern(writer.hostShape());
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment written = arena.allocate(writer.hostSize());
            MemorySegment read = arena.allocate(reader.hostSize());
            for (long id = 1; id <= frames; id++) {
                pattern.fill(written, id);
                exported.beginWrite();
                writer.upload(written);
                long sync = exported.endWrite();
                imported.beginRead(sync);
                reader.download(read);
                imported.endRead();
                assertThat(pattern.verify(read, id, true)).as("frame %d", id).isNull();
            }
        }
    }

    private static FrameAllocator allocator(Api api, ImageTiling tiling) {
        return api == Api.EGL
                ? EglFrameAllocator.builder(gl).vulkan(vulkan).tiling(tiling).build()
                : VulkanFrameAllocator.builder(vulkan).tiling(tiling).memoryHandle(VulkanFrameAllocator.MemoryHandle.OPAQUE_FD).build();
    }

    private static FrameImporter importer(Api api) {
        return api == Api.EGL ? EglFrameImporter.builder(gl).build() : VulkanFrameImporter.builder(vulkan).build();
    }
}
