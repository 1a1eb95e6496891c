package io.texlink.egl;

import io.texlink.Backend;
import io.texlink.FrameDescriptor;
import io.texlink.FrameMeta;
import io.texlink.HandleType;
import io.texlink.PixelFormat;
import io.texlink.TexlinkProtocolException;
import io.texlink.TexlinkResourceException;
import io.texlink.TexlinkUnsupportedException;
import io.texlink.posix.Libc;
import io.texlink.posix.OwnedFd;
import io.texlink.testing.LeakCounters;
import io.texlink.vulkan.ImageTiling;
import io.texlink.vulkan.VulkanContext;
import io.texlink.vulkan.VulkanFrame;
import io.texlink.vulkan.VulkanFrameAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.lwjgl.egl.EGL10.EGL_VERSION;
import static org.lwjgl.egl.EGL10.eglQueryString;
import static org.lwjgl.egl.EGL14.eglGetCurrentContext;

/**
 * The context's contract: what it reports, threading (texlink's calls make it current and put
 * the thread's previous context back, and say so when another thread holds it), teardown (frames
 * left open are closed, the display is terminated by its last texlink user, a wrapped context is
 * never destroyed), and the refusals that name the missing extension and close the descriptor.
 */
class EglContextTest {
    private static final FrameDescriptor SQUARE = FrameDescriptor.texture2d(16, 16, PixelFormat.ABGR8888);

    /**
     * These tests call EGL on the test thread themselves, as an application would; like one, they
     * leave it without EGL state once they are done with EGL for good (NVIDIA: see
     * EglContext.releaseThread), not after each test: a released thread cannot use a display
     * initialized before.
     */
    @AfterAll
    static void releaseTheTestThread() {
        EglContext.releaseThread();
    }

    @Test
    void aCreatedContextReportsItsRendererExtensionsAndGpu() {
        try (EglContext context = EglTestSupport.contextOrSkip()) {
            EglCapabilities caps = context.capabilities();
            assertThat(caps.glVersion()).startsWith("OpenGL ES 3");
            assertThat(caps.glExtensions()).isNotEmpty();
            assertThat(caps.identity().isPresent()).isEqualTo(caps.hasGl("GL_EXT_memory_object") || caps.hasGl("GL_EXT_semaphore"));
            assertThat(caps.report()).contains(caps.renderer(), "GL extensions: ", "EGL display extensions: ");
            assertThat(context.owned()).isTrue();
        }
    }

    @Test
    void closingTheContextClosesItsFramesAndTerminatesTheDisplay() {
        EglContext context = EglTestSupport.contextOrSkip();
        EglTestSupport.assumeOpaqueFd(context);
        EglFrameAllocator allocator = EglFrameAllocator.builder(context).build();
        EglTexture frame = (EglTexture) allocator.allocate(0, SQUARE);
        assertThat(context.liveObjects()).containsEntry("texture", 1).containsEntry("memory object", 1);
        context.close();
        assertThat(context.liveObjects()).as("frames left open were closed with the context").isEmpty();
        assertThat(eglQueryString(context.display(), EGL_VERSION)).as("the display is terminated").isNull();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment pixels = arena.allocate(frame.hostSize());
            assertThatThrownBy(() -> frame.upload(pixels)).isInstanceOf(IllegalStateException.class);
        }
        allocator.close();
    }

    @Test
    void aDisplayUsedByTwoContextsLivesUntilTheLastOneCloses() {
        EglContext first = EglTestSupport.contextOrSkip();
        EglContext second = EglContext.create();
        assertThat(second.display()).as("EGL hands out one display per device").isEqualTo(first.display());
        first.close();
        assertThat(eglQueryString(second.display(), EGL_VERSION)).as("still initialized for the second context").isNotNull();
        roundTrip(second);
        second.close();
        assertThat(eglQueryString(second.display(), EGL_VERSION)).isNull();
    }

    @Test
    void texlinkPutsTheThreadsOwnContextBackAfterItsCalls() {
        try (EglContext texlinks = EglTestSupport.contextOrSkip(); EglContext applications = EglContext.create()) {
            applications.makeCurrent();
            try {
                roundTrip(texlinks);
                assertThat(eglGetCurrentContext()).as("the application's context is current again").isEqualTo(applications.context());
            } finally {
                applications.releaseCurrent();
            }
            assertThat(eglGetCurrentContext()).isZero();
        }
    }

    @Test
    void aContextCurrentOnAnotherThreadIsReportedAndWorksOnceReleased() throws Exception {
        try (EglContext context = EglTestSupport.contextOrSkip()) {
            EglTestSupport.assumeOpaqueFd(context);
            // Built first: where GL imports the producer's timeline semaphore (NVIDIA), building makes GL calls too.
            try (EglFrameAllocator allocator = EglFrameAllocator.builder(context).build()) {
                CountDownLatch held = new CountDownLatch(1);
                CountDownLatch letGo = new CountDownLatch(1);
                CompletableFuture<Void> renderThread = CompletableFuture.runAsync(() -> {
                    context.makeCurrent();
                    held.countDown();
                    try {
                        letGo.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    context.releaseCurrent();
                    EglContext.releaseThread(); // a pool thread, alive at exit
                });
                assertThat(held.await(30, TimeUnit.SECONDS)).isTrue();
                try {
                    assertThatThrownBy(() -> allocator.allocate(0, SQUARE))
                            .isInstanceOf(TexlinkResourceException.class)
                            .hasMessageContaining("EGL_BAD_ACCESS")
                            .hasMessageContaining("current on another thread");
                } finally {
                    letGo.countDown();
                    renderThread.get(30, TimeUnit.SECONDS);
                }
                allocator.allocate(1, SQUARE).close();
            }
            roundTrip(context);
        }
    }

    @Test
    void aLinearTextureIsSharedOrRefusedWithATypedErrorThatLeavesNothing() throws Exception {
        try (EglContext context = EglTestSupport.contextOrSkip()) {
            EglTestSupport.assumeOpaqueFd(context);
            try (EglFrameAllocator allocator = EglFrameAllocator.builder(context).tiling(ImageTiling.LINEAR).build()) {
                long descriptors = LeakCounters.openFds();
                Map<String, Integer> allocators = context.liveObjects(); // its timeline semaphore, where GL has one
                try {
                    allocator.allocate(0, SQUARE).close();
                    System.out.println("linear-tiled GL texture over Vulkan memory: made on " + context.capabilities().renderer());
                } catch (TexlinkUnsupportedException e) {
                    System.out.println("linear-tiled GL texture over Vulkan memory: refused: " + e.getMessage());
                    assertThat(context.capabilities().glVersion()).as("Mesa lays linear textures out as Vulkan does")
                            .doesNotContain("Mesa");
                    assertThat(e).hasMessageContaining("cannot import a linear-tiled texture")
                            .hasMessageContaining("GL_INVALID_VALUE").hasMessageContaining("optimal-tiled");
                }
                assertThat(context.liveObjects()).as("GL objects left").isEqualTo(allocators);
                assertThat(LeakCounters.openFds()).as("descriptors left").isEqualTo(descriptors);
            }
        }
    }

    @Test
    void allocatorsComeAndGoOnOneVulkanDeviceWhileTheContextLives() throws Exception {
        try (EglContext context = EglTestSupport.contextOrSkip()) {
            EglTestSupport.assumeOpaqueFd(context);
            VulkanContext first;
            try (EglFrameAllocator allocator = EglFrameAllocator.builder(context).build()) {
                first = allocator.vulkanContext();
                allocator.allocate(0, SQUARE).close();
            }
            try (EglFrameAllocator allocator = EglFrameAllocator.builder(context).build()) {
                assertThat(allocator.vulkanContext()).as("one Vulkan device per EGL context").isSameAs(first);
            }
            // Still usable: on NVIDIA a Vulkan instance destroyed with an allocator would have ended it.
            roundTrip(context);
        }
    }

    @Test
    void anApplicationsContextIsUsedButNeverDestroyed() {
        try (EglContext applications = EglTestSupport.contextOrSkip()) {
            EglContext wrapped = EglContext.wrap(applications.display(), applications.context());
            assertThat(wrapped.owned()).isFalse();
            roundTrip(wrapped);
            wrapped.close();
            assertThat(wrapped.liveObjects()).isEmpty();
            roundTrip(applications); // its display and context still work
        }
    }

    @Test
    void dmaBufExportIsRefusedNamingTheMissingExtension() {
        try (EglContext context = EglTestSupport.contextOrSkip()) {
            Assumptions.assumeFalse(context.capabilities().dmaBufExport(), "this display exports DMA-BUFs");
            assertThatThrownBy(() -> EglFrameAllocator.builder(context).memoryHandle(EglFrameAllocator.MemoryHandle.DMA_BUF).build())
                    .isInstanceOf(TexlinkUnsupportedException.class)
                    .hasMessageContaining("EGL_MESA_image_dma_buf_export")
                    .hasMessageContaining(context.capabilities().renderer());
            assertThat(context.liveObjects()).isEmpty();
        }
    }

    @Test
    void dmaBufImportIsRefusedNamingTheMissingExtensionAndTheDescriptorIsClosed() {
        try (EglContext context = EglTestSupport.contextOrSkip()) {
            Assumptions.assumeFalse(context.capabilities().dmaBufImport(), "this display imports DMA-BUFs");
            EglFrameImporter importer = EglFrameImporter.builder(context).build();
            importer.checkProducerDevice(Optional.empty());
            OwnedFd handle = memfd(SQUARE.size());
            int fd = handle.fd();
            FrameDescriptor linear = new FrameDescriptor(SQUARE.type(), 16, 16, 1, 64, PixelFormat.ABGR8888, 0, SQUARE.size());
            assertThatThrownBy(() -> importer.importBuffer(0, handle, new FrameMeta(Backend.EGL, HandleType.DMA_BUF_FD, linear,
                    0, HandleType.UNKNOWN, 0)))
                    .isInstanceOf(TexlinkUnsupportedException.class)
                    .hasMessageContaining("EGL_EXT_image_dma_buf_import");
            assertClosed(handle, fd);
            importer.close();
        }
    }

    @Test
    void aTimelineSemaphoreIsRefusedWithoutGlTimelineSemaphoresAndItsDescriptorClosed() {
        try (EglContext context = EglTestSupport.contextOrSkip()) {
            Assumptions.assumeFalse(context.capabilities().timelineSemaphores(), "this context imports timeline semaphores");
            EglFrameImporter importer = EglFrameImporter.builder(context).build();
            importer.checkProducerDevice(Optional.empty());
            OwnedFd handle = memfd(8);
            int fd = handle.fd();
            assertThatThrownBy(() -> importer.importSync(handle, new FrameMeta(Backend.VULKAN, HandleType.OPAQUE_FD, SQUARE, 0,
                    HandleType.OPAQUE_FD, 0)))
                    .isInstanceOf(TexlinkUnsupportedException.class)
                    .hasMessageContaining("GL_NV_timeline_semaphore");
            assertClosed(handle, fd);
            importer.close();
        }
    }

    @Test
    void opaqueFdMemoryFromAProducerThatNamesNoGpuIsRefused() {
        try (EglContext context = EglTestSupport.contextOrSkip()) {
            EglFrameImporter importer = EglFrameImporter.builder(context).build();
            importer.checkProducerDevice(Optional.empty());
            OwnedFd handle = memfd(SQUARE.size());
            int fd = handle.fd();
            assertThatThrownBy(() -> importer.importBuffer(0, handle, new FrameMeta(Backend.CPU, HandleType.OPAQUE_FD, SQUARE, 0,
                    HandleType.UNKNOWN, 0)))
                    .isInstanceOf(TexlinkUnsupportedException.class)
                    .hasMessageContaining("without naming its GPU");
            assertClosed(handle, fd);
            importer.close();
        }
    }

    @Test
    void memoryTooSmallForTheDescribedFormatIsRefusedBeforeGlTouchesIt() {
        try (EglContext context = EglTestSupport.contextOrSkip()) {
            EglTestSupport.interopOrSkip(SQUARE.type());
            try (VulkanContext vulkan = VulkanContext.create(VulkanContext.Options.defaults().withDevice(context.identity().orElseThrow()));
                 VulkanFrameAllocator allocator = VulkanFrameAllocator.builder(vulkan).build();
                 VulkanFrame small = (VulkanFrame) allocator.allocate(0, SQUARE);
                 EglFrameImporter importer = EglFrameImporter.builder(context).build()) {
                importer.checkProducerDevice(Optional.of(vulkan.identity()));
                FrameDescriptor claimed = new FrameDescriptor(SQUARE.type(), 1024, 1024, 1, 0, PixelFormat.ABGR8888,
                        small.descriptor().modifier(), small.descriptor().size());
                OwnedFd handle = new OwnedFd(Libc.fcntl(small.exportDescriptor(), Libc.F_DUPFD_CLOEXEC, 0));
                int fd = handle.fd();
                assertThatThrownBy(() -> importer.importBuffer(0, handle, new FrameMeta(Backend.VULKAN, HandleType.OPAQUE_FD,
                        claimed, 0, HandleType.UNKNOWN, 0)))
                        .isInstanceOf(TexlinkProtocolException.class)
                        .hasMessageContaining("the producer's memory holds " + small.descriptor().size());
                assertClosed(handle, fd);
                assertThat(context.liveObjects()).isEmpty();
            }
        }
    }

    @Test
    void rowsFlipExactlyBetweenEglAndVulkan() {
        for (Backend producer : Backend.values()) {
            for (Backend consumer : Backend.values()) {
                boolean expected = producer == Backend.EGL && consumer == Backend.VULKAN
                        || producer == Backend.VULKAN && consumer == Backend.EGL;
                assertThat(Backend.mustFlipY(producer, consumer)).as("%s -> %s", producer, consumer).isEqualTo(expected);
            }
        }
    }

    /** A GL producer frame in {@code context}, uploaded and read back exactly, then closed. */
    private static void roundTrip(EglContext context) {
        EglTestSupport.assumeOpaqueFd(context);
        try (EglFrameAllocator allocator = EglFrameAllocator.builder(context).build();
             EglTexture frame = (EglTexture) allocator.allocate(0, SQUARE);
             Arena arena = Arena.ofConfined()) {
            MemorySegment written = arena.allocate(frame.hostSize());
            MemorySegment read = arena.allocate(frame.hostSize());
            for (long i = 0; i < written.byteSize(); i++) {
                written.set(java.lang.foreign.ValueLayout.JAVA_BYTE, i, (byte) (i * 7 + 3));
            }
            frame.upload(written);
            frame.download(read);
            assertThat(read.mismatch(written)).isEqualTo(-1);
        }
        assertThat(context.liveObjects()).isEmpty();
    }

    private static OwnedFd memfd(long size) {
        OwnedFd fd = new OwnedFd(Libc.memfdCreate("egl-test", Libc.MFD_CLOEXEC));
        Libc.ftruncate(fd.fd(), size);
        return fd;
    }

    private static void assertClosed(OwnedFd handle, int fd) {
        assertThat(handle.isOpen()).as("the importer closed the descriptor it was given").isFalse();
        assertThat(java.nio.file.Files.exists(java.nio.file.Path.of("/proc/self/fd/" + fd))).as("fd %d is closed", fd).isFalse();
    }
}
