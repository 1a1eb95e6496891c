package io.texlink.cuda;

import io.texlink.AcquiredFrame;
import io.texlink.FrameDescriptor;
import io.texlink.TexlinkClient;
import io.texlink.pattern.TestPattern;
import io.texlink.testing.SecondJvm;
import org.junit.jupiter.api.Assumptions;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** What the CUDA tests share: skipping with the probe's reason, and the driver check without JCuda. */
final class CudaTestSupport {
    private CudaTestSupport() {
    }

    /** GPU tests: skipped with the reason where there is no CUDA; prints the probe's result where there is. */
    static CudaAvailability cudaOrSkip() {
        CudaAvailability cuda = CudaAvailability.check();
        Assumptions.assumeTrue(cuda.available(), () -> "no CUDA here (GPU test; runs on the H100): " + cuda.reason());
        System.out.println("CUDA: " + cuda.reason());
        return cuda;
    }

    /** Tests of the behaviour without a driver: skipped where CUDA works. */
    static CudaAvailability noCudaOrSkip() {
        CudaAvailability cuda = CudaAvailability.check();
        Assumptions.assumeFalse(cuda.available(), () -> "CUDA works here; this test covers machines without it: " + cuda.reason());
        return cuda;
    }

    /** Whether {@code libcuda.so.1} loads, asked of the dynamic loader directly. */
    static boolean driverLibraryLoads() {
        try (Arena arena = Arena.ofConfined()) {
            SymbolLookup.libraryLookup(CudaAvailability.DRIVER_LIBRARY, arena);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The arguments of the producer mains: the socket, the descriptor's eight components, then {@code more}. */
    static String[] producerArgs(Path socket, FrameDescriptor d, String... more) {
        List<String> args = new ArrayList<>(List.of(socket.toString(), d.type().name(), String.valueOf(d.width()),
                String.valueOf(d.height()), String.valueOf(d.depth()), String.valueOf(d.stride()), d.format().name(),
                String.valueOf(d.modifier()), String.valueOf(d.size())));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    /**
     * Acquires CUDA frames from {@code client} until frame {@code lastId} arrived, downloads each
     * and checks it against the test pattern of its id; {@code firstFrame} sees the first one.
     *
     * @return how many frames were checked (the newest frame wins, so some may be skipped)
     */
    static int verifyFrames(TexlinkClient client, long lastId, SecondJvm producer, Consumer<CudaImportedFrame> firstFrame) {
        Duration wait = Duration.ofSeconds(60);
        int verified = 0;
        long seen = 0;
        try (Arena arena = Arena.ofConfined()) {
            TestPattern pattern = null;
            MemorySegment host = null;
            while (seen < lastId) {
                AcquiredFrame f = client.tryAcquireFrame(wait.toNanos());
                assertThat(f).as("a frame after %d; producer output:%n%s", seen, producer.output()).isNotNull();
                CudaImportedFrame cuda = (CudaImportedFrame) f.buffer();
                if (pattern == null) {
                    System.out.println("CONSUMER frame " + cuda + ", host layout " + cuda.hostDescriptor());
                    firstFrame.accept(cuda);
                    pattern = new TestPattern(cuda.hostDescriptor());
                    host = arena.allocate(cuda.hostDescriptor().size());
                }
                assertThat(f.frameId()).isGreaterThan(seen);
                cuda.download(host);
                assertThat(pattern.verify(host, f.frameId(), true)).as("frame %d", f.frameId()).isNull();
                seen = f.frameId();
                verified++;
                client.releaseFrame(f);
            }
        }
        System.out.println("VERIFIED " + verified + " of " + lastId + " frames");
        return verified;
    }
}
