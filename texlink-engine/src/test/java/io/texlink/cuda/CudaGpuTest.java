package io.texlink.cuda;

import io.texlink.AcquiredFrame;
import io.texlink.Backend;
import io.texlink.ClientOptions;
import io.texlink.FrameDescriptor;
import io.texlink.FrameType;
import io.texlink.HandleType;
import io.texlink.PixelFormat;
import io.texlink.ServerOptions;
import io.texlink.TexlinkClient;
import io.texlink.TexlinkServer;
import io.texlink.TexlinkTimeoutException;
import io.texlink.TexlinkUnsupportedException;
import io.texlink.WritableFrame;
import io.texlink.pattern.TestPattern;
import io.texlink.testing.ClaimsAnotherGpu;
import io.texlink.testing.Sessions;
import jcuda.driver.JCudaDriver;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static jcuda.driver.CUresult.CUDA_ERROR_NOT_SUPPORTED;
import static jcuda.driver.CUstreamWaitValue_flags.CU_STREAM_WAIT_VALUE_GEQ;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The CUDA backend on a real GPU, in one JVM: devices and contexts, VMM frames written and read
 * through JCuda and FFM, whole sessions from a CUDA producer to a CUDA consumer, and the
 * refusals. Skipped with the probe's reason where there is no CUDA driver. Each step prints what
 * it saw (CUresults, sizes, UUIDs) so a failure can be fixed from the output alone.
 */
@Tag("gpu")
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class CudaGpuTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @BeforeEach
    void cuda() {
        CudaTestSupport.cudaOrSkip();
    }

    static Stream<FrameDescriptor> shapes() {
        return Stream.of(
                FrameDescriptor.buffer(FrameType.COMPUTE_BUFFER, (3L << 20) + 5),
                FrameDescriptor.texture2d(640, 480, PixelFormat.ABGR8888),
                FrameDescriptor.texture3d(64, 32, 8, PixelFormat.R8),
                FrameDescriptor.textureCube(64, PixelFormat.ABGR16161616F));
    }

    @Test
    void devicesHaveNamesUuidsAndContexts() {
        List<CudaDevice> devices = CudaDevice.list();
        devices.forEach(d -> System.out.println("DEVICE " + d + " identity " + d.identity()));
        assertThat(devices).isNotEmpty();
        for (CudaDevice d : devices) {
            assertThat(d.name()).isNotBlank();
            assertThat(d.identity().deviceUuid()).as("device UUID of %s", d).isNotEqualTo(new byte[16]);
            assertThat(d.identity().driverUuid()).isEqualTo(new byte[16]);
            assertThat(d.totalMemory()).isPositive();
            assertThat(CudaDevice.withUuidOf(d.identity())).isEqualTo(d);
        }
        try (CudaContext context = CudaContext.open(0)) {
            System.out.println("CONTEXT " + context + " " + context.context() + " granularity " + context.vmmGranularity());
            assertThat(context.device()).isEqualTo(devices.get(0));
            assertThat(context.vmmGranularity()).isPositive();
        }
        assertThatThrownBy(() -> CudaContext.open(devices.size())).isInstanceOf(TexlinkUnsupportedException.class)
                .hasMessageContaining("there is no CUDA device " + devices.size());
    }

    @Test
    void vmmMemoryMappedThroughFfmIsJCudasMemory() {
        try (CudaContext context = CudaContext.open(0);
             CudaFrameAllocator allocator = CudaFrameAllocator.builder(context).build();
             Arena arena = Arena.ofConfined()) {
            CudaExportedFrame frame = (CudaExportedFrame) allocator.allocate(0, FrameDescriptor.buffer(FrameType.RAW, 1 << 20));
            try (frame) {
                System.out.println("FRAME " + frame + " " + frame.descriptor() + " pointer " + frame.devicePointer()
                        + " fd " + frame.exportDescriptor());
                long size = frame.descriptor().size();
                assertThat(size % context.vmmGranularity()).isZero();
                assertThat(frame.cpuMemory()).isEqualTo(MemorySegment.NULL);
                assertThat(frame.isArray()).isFalse();

                // JCuda writes the memory FFM mapped, on the frame's stream, in the same context.
                frame.beginWrite();
                context.enter();
                try {
                    CudaCallException.check(JCudaDriver.cuMemsetD8Async(frame.devicePointer(), (byte) 0x5a, size, frame.stream()),
                            "cuMemsetD8Async");
                } finally {
                    context.exit();
                }
                assertThat(frame.endWrite()).as("a CUDA producer's sync value").isZero();
                MemorySegment host = arena.allocate(size);
                frame.download(host);
                MemorySegment expected = arena.allocate(size).fill((byte) 0x5a);
                assertThat(MemorySegment.mismatch(host, 0, size, expected, 0, size)).as("first byte not 0x5a").isEqualTo(-1);

                TestPattern pattern = new TestPattern(frame.descriptor());
                pattern.fill(expected, 7);
                frame.upload(expected);
                frame.download(host);
                assertThat(pattern.verify(host, 7, true)).isNull();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void aSessionCarriesCudaFramesWithTheirContent(FrameDescriptor shape) {
        Path socket = Sessions.uniqueSocket(dir);
        try (TexlinkServer server = TexlinkServer.create(ServerOptions.builderForSocket(socket, shape).registry(null)
                .allocator(() -> CudaFrameAllocator.builder().build()).build());
             Arena arena = Arena.ofConfined()) {
            server.start();
            System.out.println("PRODUCER meta " + server.meta());
            assertThat(server.meta().backend()).isEqualTo(Backend.CUDA);
            assertThat(server.meta().handleType()).isEqualTo(HandleType.OPAQUE_FD);
            assertThat(server.meta().syncHandleType()).isEqualTo(HandleType.UNKNOWN);
            try (TexlinkClient client = TexlinkClient.connect(clientOptions(socket, () -> CudaFrameImporter.builder().build()))) {
                FrameDescriptor shared = client.meta().descriptor();
                TestPattern pattern = new TestPattern(shared);
                MemorySegment written = arena.allocate(shared.size());
                MemorySegment read = arena.allocate(shared.size());
                for (long id = 1; id <= 10; id++) {
                    WritableFrame w = server.tryBeginFrame();
                    assertThat(w).as("a free buffer for frame %d", id).isNotNull();
                    pattern.fill(written, id);
                    ((CudaExportedFrame) w.buffer()).upload(written);
                    assertThat(server.endFrame(w)).isEqualTo(id);

                    AcquiredFrame f = client.tryAcquireFrame(WAIT.toNanos());
                    assertThat(f).as("frame %d arrived", id).isNotNull();
                    CudaImportedFrame cuda = (CudaImportedFrame) f.buffer();
                    if (id == 1) {
                        System.out.println("CONSUMER " + cuda + " producer " + cuda.producerBackend() + " host " + cuda.hostDescriptor());
                    }
                    assertThat(cuda.producerBackend()).isEqualTo(Backend.CUDA);
                    assertThat(cuda.isArray()).isFalse();
                    cuda.download(read);
                    assertThat(pattern.verify(read, f.frameId(), true)).as("frame %d", f.frameId()).isNull();
                    client.releaseFrame(f);
                }
            }
        }
    }

    @Test
    void aProducerOnAnotherGpuIsRefused() {
        Path socket = Sessions.uniqueSocket(dir);
        FrameDescriptor shape = FrameDescriptor.buffer(FrameType.RAW, 4096);
        try (CudaContext context = CudaContext.open(0);
             TexlinkServer server = TexlinkServer.create(ServerOptions.builderForSocket(socket, shape).registry(null)
                     .allocator(() -> new ClaimsAnotherGpu(CudaFrameAllocator.builder(context).build())).build())) {
            server.start();
            assertThatThrownBy(() -> TexlinkClient.connect(clientOptions(socket, () -> CudaFrameImporter.builder().build())).close())
                    .isInstanceOf(TexlinkUnsupportedException.class).hasMessageContaining("no CUDA device here is the producer's GPU");
            assertThatThrownBy(() -> TexlinkClient.connect(clientOptions(socket, () -> CudaFrameImporter.builder(context).build())).close())
                    .isInstanceOf(TexlinkUnsupportedException.class).hasMessageContaining("the producer's frames live on GPU");
        }
    }

    @Test
    void cpuFramesAreRefusedWithAPointerToTheCpuImporter() {
        Path socket = Sessions.uniqueSocket(dir);
        try (TexlinkServer server = TexlinkServer.create(ServerOptions.builderForSocket(socket,
                FrameDescriptor.texture2d(64, 64, PixelFormat.ABGR8888)).registry(null).build())) {
            server.start();
            assertThatThrownBy(() -> TexlinkClient.connect(clientOptions(socket, () -> CudaFrameImporter.builder().build())).close())
                    .isInstanceOf(TexlinkUnsupportedException.class).hasMessageContaining("CpuFrameImporter");
        }
    }

    @Test
    void aStreamThatNeverFinishesTimesOutInsteadOfHanging() {
        try (CudaContext context = CudaContext.open(0);
             CudaFrameAllocator allocator = CudaFrameAllocator.builder(context).waitTimeout(Duration.ofMillis(300)).build()) {
            CudaExportedFrame frame = (CudaExportedFrame) allocator.allocate(0, FrameDescriptor.buffer(FrameType.RAW, 4096));
            CudaExportedFrame flag = (CudaExportedFrame) allocator.allocate(1, FrameDescriptor.buffer(FrameType.RAW, 4096));
            try (flag; frame) {
                context.enter();
                try {
                    CudaCallException.check(JCudaDriver.cuMemsetD8(flag.devicePointer(), (byte) 0, 4), "cuMemsetD8");
                    // The frame's stream waits for a word that nobody writes yet.
                    int result = JCudaDriver.cuStreamWaitValue32(frame.stream(), flag.devicePointer(), 1, CU_STREAM_WAIT_VALUE_GEQ);
                    assumeTrue(result != CUDA_ERROR_NOT_SUPPORTED, "this device has no stream memory operations");
                    CudaCallException.check(result, "cuStreamWaitValue32");
                } finally {
                    context.exit();
                }
                long start = System.nanoTime();
                assertThatThrownBy(frame::endWrite).isInstanceOf(TexlinkTimeoutException.class)
                        .hasMessageContaining("buffer 0 (RAW").hasMessageContaining("did not finish within 300 ms");
                System.out.println("TIMEOUT after " + (System.nanoTime() - start) / 1_000_000 + " ms");
                context.enter();
                try {
                    CudaCallException.check(JCudaDriver.cuMemsetD32(flag.devicePointer(), 1, 1), "cuMemsetD32");
                } finally {
                    context.exit();
                }
                assertThat(frame.endWrite()).as("the stream finished once the word was written").isZero();
            }
        }
    }

    private static ClientOptions clientOptions(Path socket, Supplier<io.texlink.backend.FrameImporter> importer) {
        return ClientOptions.builderForSocket(socket).registry(null).connectTimeout(WAIT).importer(importer).build();
    }
}
