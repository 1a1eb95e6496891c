package io.texlink.cuda;

import io.texlink.AcquiredFrame;
import io.texlink.Backend;
import io.texlink.ClientOptions;
import io.texlink.FrameDescriptor;
import io.texlink.HandleType;
import io.texlink.PixelFormat;
import io.texlink.TexlinkClient;
import io.texlink.TexlinkUnsupportedException;
import io.texlink.pattern.TestPattern;
import io.texlink.posix.OwnedFd;
import io.texlink.testing.SecondJvm;
import io.texlink.testing.Sessions;
import io.texlink.vulkan.ImageTiling;
import io.texlink.vulkan.VulkanContext;
import io.texlink.vulkan.VulkanFrame;
import io.texlink.vulkan.VulkanFrameAllocator;
import io.texlink.vulkan.VulkanFrameImporter;
import io.texlink.vulkan.VulkanImage;
import io.texlink.vulkan.VulkanProducerMain;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUstream;
import jcuda.driver.JCudaDriver;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.vulkan.VkExportSemaphoreCreateInfo;
import org.lwjgl.vulkan.VkSemaphoreCreateInfo;
import org.lwjgl.vulkan.VkSemaphoreGetFdInfoKHR;
import org.lwjgl.vulkan.VkSemaphoreSignalInfo;
import org.lwjgl.vulkan.VkSemaphoreTypeCreateInfo;
import org.lwjgl.vulkan.VkSemaphoreWaitInfo;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static jcuda.driver.CUresult.CUDA_ERROR_NOT_READY;
import static jcuda.driver.CUresult.CUDA_SUCCESS;
import static jcuda.driver.CUstream_flags.CU_STREAM_NON_BLOCKING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.vulkan.KHRExternalSemaphoreFd.vkGetSemaphoreFdKHR;
import static org.lwjgl.vulkan.VK10.VK_SUCCESS;
import static org.lwjgl.vulkan.VK10.vkCreateSemaphore;
import static org.lwjgl.vulkan.VK10.vkDestroySemaphore;
import static org.lwjgl.vulkan.VK11.VK_EXTERNAL_SEMAPHORE_HANDLE_TYPE_OPAQUE_FD_BIT;
import static org.lwjgl.vulkan.VK12.VK_SEMAPHORE_TYPE_TIMELINE;
import static org.lwjgl.vulkan.VK12.vkSignalSemaphore;
import static org.lwjgl.vulkan.VK12.vkWaitSemaphores;

/**
 * Vulkan and CUDA sharing frames, on the H100 (skipped with the reason elsewhere):
 * <ul>
 *   <li>a Vulkan producer JVM ({@code VulkanProducerMain}) to a CUDA consumer here: buffers and
 *       linear images as linear memory, optimal images as CUDA arrays, synced by the producer's
 *       timeline semaphore (waited for on the frame's stream) or by its fence;</li>
 *   <li>CUDA writing Vulkan-exported frames in a producer JVM ({@link CudaOnVulkanProducerMain})
 *       to a Vulkan consumer here;</li>
 *   <li>a Vulkan timeline semaphore signaled by CUDA and waited for by CUDA, in one process.</li>
 * </ul>
 * Every received frame's content is checked against the test pattern.
 */
@Tag("gpu")
@Timeout(value = 180, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CudaVulkanInteropIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int FRAMES = 40;

    @TempDir
    Path dir;

    @BeforeEach
    void cuda() {
        CudaTestSupport.cudaOrSkip();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({
            "COMPUTE_BUFFER:8388611, OPTIMAL, TIMELINE_SEMAPHORE",
            "COMPUTE_BUFFER:8388611, OPTIMAL, PRODUCER_FENCE",
            "2d:640x480:ABGR8888, OPTIMAL, TIMELINE_SEMAPHORE",
            "2d:640x480:ABGR8888, OPTIMAL, PRODUCER_FENCE",
            "2d:640x480:ABGR8888, LINEAR, TIMELINE_SEMAPHORE",
            "2d:256x128:ABGR16161616F, OPTIMAL, TIMELINE_SEMAPHORE",
            "2d:300x200:R8, OPTIMAL, TIMELINE_SEMAPHORE",
            "3d:64x64x8:ARGB8888, OPTIMAL, TIMELINE_SEMAPHORE",
            "cube:64:ABGR8888, OPTIMAL, TIMELINE_SEMAPHORE"})
    void vulkanFramesReachCudaWithTheirContent(String shape, ImageTiling tiling, VulkanFrameAllocator.SyncMode sync) {
        Path socket = Sessions.uniqueSocket(dir);
        try (SecondJvm producer = SecondJvm.start(VulkanProducerMain.class, socket.toString(), shape, tiling.name(), sync.name(),
                String.valueOf(FRAMES), "0", "own")) {
            System.out.println("PRODUCER " + producer.awaitLineStartingWith("READY", WAIT));
            CudaFrameImporter[] importer = new CudaFrameImporter[1];
            ClientOptions options = ClientOptions.builderForSocket(socket).registry(null).connectTimeout(WAIT)
                    .importer(() -> importer[0] = CudaFrameImporter.builder().build()).build();
            try (TexlinkClient client = TexlinkClient.connect(options)) {
                System.out.println("CONSUMER meta " + client.meta() + "; " + importer[0]);
                assertThat(client.meta().backend()).isEqualTo(Backend.VULKAN);
                assertThat(importer[0].timeline() != null).as("timeline imported")
                        .isEqualTo(client.meta().syncHandleType() == HandleType.OPAQUE_FD);
                CudaTestSupport.verifyFrames(client, FRAMES, producer, first -> assertThat(first.isArray())
                        .as("an optimal-tiled image maps as a CUDA array")
                        .isEqualTo(first.descriptor().type().isTexture() && first.descriptor().stride() == 0));
            }
            assertThat(producer.awaitExit(WAIT)).as(producer.output()).isZero();
        }
    }

    @Test
    void aVulkanProducerOnAnotherGpuIsRefused() {
        Path socket = Sessions.uniqueSocket(dir);
        try (SecondJvm producer = SecondJvm.start(VulkanProducerMain.class, socket.toString(), "2d:64x64:ABGR8888", "OPTIMAL",
                "AUTO", "1", "0", "elsewhere")) {
            producer.awaitLineStartingWith("READY", WAIT);
            ClientOptions options = ClientOptions.builderForSocket(socket).registry(null).connectTimeout(WAIT)
                    .importer(() -> CudaFrameImporter.builder().build()).build();
            assertThatThrownBy(() -> TexlinkClient.connect(options).close())
                    .isInstanceOf(TexlinkUnsupportedException.class).hasMessageContaining("no CUDA device here is the producer's GPU");
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"COMPUTE_BUFFER, OPTIMAL", "TEXTURE_2D, OPTIMAL", "TEXTURE_2D, LINEAR"})
    void cudaWritesVulkanFramesForAVulkanConsumer(String type, ImageTiling tiling) {
        FrameDescriptor d = frameWrittenByCuda(type);
        Path socket = Sessions.uniqueSocket(dir);
        try (SecondJvm producer = SecondJvm.start(CudaOnVulkanProducerMain.class,
                CudaTestSupport.producerArgs(socket, d, tiling.name(), String.valueOf(FRAMES)));
             Arena arena = Arena.ofConfined()) {
            System.out.println("PRODUCER " + producer.awaitLineStartingWith("READY", WAIT));
            ClientOptions options = ClientOptions.builderForSocket(socket).registry(null).connectTimeout(WAIT)
                    .importer(() -> VulkanFrameImporter.builder(VulkanContext.Options.defaults()).build()).build();
            long lastId = 0;
            try (TexlinkClient client = TexlinkClient.connect(options)) {
                System.out.println("CONSUMER meta " + client.meta());
                assertThat(client.meta().backend()).isEqualTo(Backend.VULKAN);
                while (lastId < FRAMES) {
                    AcquiredFrame f = client.tryAcquireFrame(WAIT.toNanos());
                    assertThat(f).as("a frame after %d; producer output:\n%s", lastId, producer.output()).isNotNull();
                    VulkanFrame vulkan = (VulkanFrame) f.buffer();
                    FrameDescriptor layout = vulkan instanceof VulkanImage image ? image.hostDescriptor() : vulkan.descriptor();
                    MemorySegment host = arena.allocate(vulkan.hostSize());
                    vulkan.download(host);
                    assertThat(new TestPattern(layout).verify(host, f.frameId(), true)).as("frame %d", f.frameId()).isNull();
                    lastId = f.frameId();
                    client.releaseFrame(f);
                }
            }
            assertThat(producer.awaitExit(WAIT)).as(producer.output()).isZero();
        }
    }

    /** The frames of the CUDA-writes-Vulkan cases: a buffer of an odd size, or a 2D RGBA image. */
    private static FrameDescriptor frameWrittenByCuda(String type) {
        return type.equals("COMPUTE_BUFFER")
                ? FrameDescriptor.buffer(io.texlink.FrameType.COMPUTE_BUFFER, (4L << 20) + 1)
                : FrameDescriptor.texture2d(640, 480, PixelFormat.ABGR8888);
    }

    /** What a kernel that cannot write an array does: write a packed device buffer, then {@link CudaFrame#copyFrom} it. */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"COMPUTE_BUFFER, OPTIMAL", "TEXTURE_2D, OPTIMAL", "TEXTURE_2D, LINEAR"})
    void copyFromMovesPackedDeviceMemoryIntoTheFrame(String type, ImageTiling tiling) {
        FrameDescriptor d = frameWrittenByCuda(type);
        try (VulkanContext vk = VulkanContext.create(VulkanContext.Options.defaults());
             CudaMappedFrameAllocator allocator = CudaMappedFrameAllocator.builder(VulkanFrameAllocator.builder(vk)
                     .tiling(tiling).build()).build();
             CudaMappedFrame frame = (CudaMappedFrame) allocator.allocate(0, d);
             Arena arena = Arena.ofConfined()) {
            FrameDescriptor layout = frame.hostDescriptor();
            System.out.println("FRAME " + frame + ", host layout " + layout);
            TestPattern pattern = new TestPattern(layout);
            MemorySegment expected = arena.allocate(layout.size());
            pattern.fill(expected, 42);
            CUdeviceptr packed = new CUdeviceptr();
            CudaContext cuda = frame.context();
            cuda.call(() -> {
                CudaCallException.check(JCudaDriver.cuMemAlloc(packed, layout.size()), "cuMemAlloc");
                CudaCallException.check(JCudaDriver.cuMemcpyHtoD(packed, JCudaHandles.hostPointer(expected), layout.size()),
                        "cuMemcpyHtoD");
                return null;
            });
            try {
                frame.copyFrom(packed);
                MemorySegment actual = arena.allocate(layout.size());
                frame.download(actual); // queued after the copy on the frame's stream
                assertThat(frame.isArray()).isEqualTo(tiling == ImageTiling.OPTIMAL && type.equals("TEXTURE_2D"));
                assertThat(pattern.verify(actual, 42, true)).isNull();
            } finally {
                cuda.call(() -> {
                    CudaCallException.check(JCudaDriver.cuMemFree(packed), "cuMemFree");
                    return null;
                });
            }
        }
    }

    @Test
    void aVulkanTimelineSemaphoreSyncsCudaBothWays() {
        try (VulkanContext vk = VulkanContext.create(VulkanContext.Options.defaults());
             MemoryStack stack = stackPush()) {
            assertThat(vk.capabilities().exportableTimelineSemaphores()).as(vk.capabilities().summary()).isTrue();
            LongBuffer handle = stack.mallocLong(1);
            // Chained by address: LWJGL's typed pNext(struct) overwrites the struct's own pNext with the chain so far.
            VkExportSemaphoreCreateInfo export = VkExportSemaphoreCreateInfo.calloc(stack).sType$Default()
                    .handleTypes(VK_EXTERNAL_SEMAPHORE_HANDLE_TYPE_OPAQUE_FD_BIT);
            VkSemaphoreTypeCreateInfo timelineType = VkSemaphoreTypeCreateInfo.calloc(stack).sType$Default()
                    .semaphoreType(VK_SEMAPHORE_TYPE_TIMELINE).initialValue(0).pNext(export.address());
            VkSemaphoreCreateInfo info = VkSemaphoreCreateInfo.calloc(stack).sType$Default().pNext(timelineType.address());
            assertThat(vkCreateSemaphore(vk.device(), info, null, handle)).isEqualTo(VK_SUCCESS);
            long semaphore = handle.get(0);
            try (CudaContext cuda = CudaContext.open(CudaDevice.withUuidOf(vk.identity()))) {
                IntBuffer fd = stack.mallocInt(1);
                assertThat(vkGetSemaphoreFdKHR(vk.device(), VkSemaphoreGetFdInfoKHR.calloc(stack).sType$Default()
                        .semaphore(semaphore).handleType(VK_EXTERNAL_SEMAPHORE_HANDLE_TYPE_OPAQUE_FD_BIT), fd)).isEqualTo(VK_SUCCESS);
                CUstream stream = new CUstream();
                cuda.enter();
                try {
                    CudaCallException.check(JCudaDriver.cuStreamCreate(stream, CU_STREAM_NON_BLOCKING), "cuStreamCreate");
                } finally {
                    cuda.exit();
                }
                try (CudaTimeline timeline = CudaTimeline.importFd(cuda, new OwnedFd(fd.get(0)))) {
                    // CUDA signals, Vulkan waits on the CPU.
                    timeline.signalAsync(5, stream);
                    assertThat(vkWaitSemaphores(vk.device(), VkSemaphoreWaitInfo.calloc(stack).sType$Default().semaphoreCount(1)
                            .pSemaphores(stack.longs(semaphore)).pValues(stack.longs(5)), 5_000_000_000L))
                            .as("vkWaitSemaphores for CUDA's value 5").isEqualTo(VK_SUCCESS);

                    // CUDA waits for a value only Vulkan signals.
                    timeline.waitAsync(9, stream);
                    assertThat(streamState(cuda, stream, Duration.ofMillis(200))).as("before Vulkan signals 9")
                            .isEqualTo(CUDA_ERROR_NOT_READY);
                    assertThat(vkSignalSemaphore(vk.device(), VkSemaphoreSignalInfo.calloc(stack).sType$Default()
                            .semaphore(semaphore).value(9))).isEqualTo(VK_SUCCESS);
                    assertThat(streamState(cuda, stream, Duration.ofSeconds(5))).as("after Vulkan signaled 9").isEqualTo(CUDA_SUCCESS);
                } finally {
                    cuda.enter();
                    try {
                        JCudaDriver.cuStreamDestroy(stream);
                    } finally {
                        cuda.exit();
                    }
                }
            } finally {
                vkDestroySemaphore(vk.device(), semaphore, null);
            }
        }
    }

    /** Polls the stream until it is idle or {@code within} passes; returns the last {@code cuStreamQuery} result. */
    private static int streamState(CudaContext cuda, CUstream stream, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        cuda.enter();
        try {
            int result;
            while ((result = JCudaDriver.cuStreamQuery(stream)) == CUDA_ERROR_NOT_READY && System.nanoTime() < deadline) {
                LockSupport.parkNanos(1_000_000);
            }
            System.out.println("cuStreamQuery: " + CudaCallException.resultName(result));
            return result;
        } finally {
            cuda.exit();
        }
    }
}
