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
import io.texlink.TexlinkUnsupportedException;
import io.texlink.WritableFrame;
import io.texlink.backend.DeviceIdentity;
import io.texlink.backend.ExportedBuffer;
import io.texlink.backend.FrameAllocator;
import io.texlink.cpu.MemfdFrameAllocator;
import io.texlink.testing.Sessions;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Where there is no CUDA driver (CI, development machines), every entry point of the backend
 * fails with {@link TexlinkUnsupportedException} carrying the probe's reason, and sessions that
 * ask for CUDA fail cleanly while others go on.
 */
class CudaWithoutDriverTest {
    private static final DeviceIdentity SOME_GPU = new DeviceIdentity(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16},
            new byte[16]);

    @TempDir
    Path dir;
    private String reason;

    @BeforeEach
    void noCuda() {
        reason = CudaTestSupport.noCudaOrSkip().reason();
    }

    @Test
    void devicesAndContexts() {
        assertUnsupported(CudaDevice::list, "CudaDevice.list");
        assertUnsupported(() -> CudaDevice.withUuidOf(SOME_GPU), "CudaDevice.list");
        assertUnsupported(() -> CudaContext.open(0), "CudaContext");
        assertUnsupported(() -> CudaContext.open(new CudaDevice(0, "imagined GPU", SOME_GPU, 1L << 30)), "CudaContext");
    }

    @Test
    void importersAndAllocators() {
        assertUnsupported(() -> CudaFrameImporter.builder().build(), "CudaFrameImporter");
        assertUnsupported(() -> CudaFrameImporter.builder().device(1).arrayFlags(0)
                .dedicatedAllocation(DedicatedAllocation.DEDICATED).build(), "CudaFrameImporter");
        assertUnsupported(() -> CudaFrameAllocator.builder().device(0).build(), "CudaFrameAllocator");
    }

    @Test
    void theMappedAllocatorClosesWhatItWasGiven() {
        AtomicInteger closed = new AtomicInteger();
        FrameAllocator memfd = new MemfdFrameAllocator();
        FrameAllocator tracked = new FrameAllocator() {
            @Override
            public Backend backend() {
                return memfd.backend();
            }

            @Override
            public HandleType handleType() {
                return memfd.handleType();
            }

            @Override
            public ExportedBuffer allocate(int index, FrameDescriptor requested) {
                return memfd.allocate(index, requested);
            }

            @Override
            public void close() {
                closed.incrementAndGet();
            }
        };
        assertUnsupported(() -> CudaMappedFrameAllocator.builder(tracked).build(), "CudaMappedFrameAllocator");
        assertThat(closed).as("closes of the delegate").hasValue(1);
    }

    @Test
    void aCudaProducerCannotStart() {
        ServerOptions options = ServerOptions.builderForSocket(Sessions.uniqueSocket(dir), FrameDescriptor.buffer(FrameType.RAW, 4096))
                .registry(null).allocator(() -> CudaFrameAllocator.builder().build()).build();
        assertUnsupported(() -> TexlinkServer.create(options).close(), "CudaFrameAllocator");
    }

    @Test
    void aCudaConsumerIsRefusedAndTheProducerServesOthers() throws Exception {
        Path socket = Sessions.uniqueSocket(dir);
        FrameDescriptor d = FrameDescriptor.texture2d(64, 64, PixelFormat.ABGR8888);
        try (TexlinkServer server = TexlinkServer.create(ServerOptions.builderForSocket(socket, d).registry(null).build())) {
            server.start();
            ClientOptions cuda = ClientOptions.builderForSocket(socket).registry(null).connectTimeout(Duration.ofSeconds(10))
                    .importer(() -> CudaFrameImporter.builder().build()).build();
            assertUnsupported(() -> TexlinkClient.connect(cuda).close(), "CudaFrameImporter");

            ClientOptions cpu = ClientOptions.builderForSocket(socket).registry(null).connectTimeout(Duration.ofSeconds(10)).build();
            try (TexlinkClient client = TexlinkClient.connect(cpu)) {
                WritableFrame w = server.tryBeginFrame();
                w.memory().set(java.lang.foreign.ValueLayout.JAVA_LONG, 0, 42L);
                server.endFrame(w);
                AcquiredFrame f = client.tryAcquireFrame(Duration.ofSeconds(10).toNanos());
                assertThat(f).isNotNull();
                assertThat(f.memory().get(java.lang.foreign.ValueLayout.JAVA_LONG, 0)).isEqualTo(42L);
                client.releaseFrame(f);
            }
        }
    }

    private void assertUnsupported(ThrowingCallable call, String what) {
        assertThatThrownBy(call).isInstanceOf(TexlinkUnsupportedException.class)
                .hasMessage(what + " needs CUDA, which is not available here: " + reason);
    }
}
