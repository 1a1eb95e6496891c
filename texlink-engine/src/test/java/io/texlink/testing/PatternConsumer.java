package io.texlink.testing;

import io.texlink.AcquiredFrame;
import io.texlink.ClientOptions;
import io.texlink.TexlinkClient;
import io.texlink.backend.FrameImporter;
import io.texlink.pattern.TestPattern;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The consumer side of the cross-process GPU tests: reads a {@link PatternProducer}'s frames back
 * and checks each against the test pattern of its frame id.
 */
public final class PatternConsumer {
    private PatternConsumer() {
    }

    /** How many frames were read back exactly, and how many of them the consumer's GPU waited for. */
    public record Received(int verified, int waited) {
    }

    /** A client of the producer JVM at {@code socket} (no registry), importing with {@code importer}. */
    public static ClientOptions clientOptions(Path socket, FrameImporter importer) {
        return ClientOptions.builderForSocket(socket).registry(null).connectTimeout(Duration.ofSeconds(20))
                .importer(() -> importer).build();
    }

    /**
     * Acquires frames until the producer's last one, downloads each and checks every row against
     * the pattern of its frame id; ids must only grow (newest wins, never an old frame).
     *
     * @param access      host access to an acquired frame (and any check of it the test adds)
     * @param waitedOnGpu whether the consumer's GPU waits for a frame (checking how, where it does)
     */
    public static Received readAll(TexlinkClient client, long lastId, Function<AcquiredFrame, HostAccess> access,
                                   Predicate<AcquiredFrame> waitedOnGpu) {
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
                HostAccess gpu = access.apply(frame);
                if (pattern == null) {
                    pattern = new TestPattern(gpu.hostShape());
                    contents = arena.allocate(gpu.hostSize());
                }
                assertThat(frame.frameId()).isGreaterThan(seen);
                if (waitedOnGpu.test(frame)) {
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
}
