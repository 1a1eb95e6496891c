package io.texlink.demo.consumer;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.texlink.AcquiredFrame;
import io.texlink.ClientOptions;
import io.texlink.FrameDescriptor;
import io.texlink.PixelFormat;
import io.texlink.ServerOptions;
import io.texlink.TexlinkClient;
import io.texlink.TexlinkServer;
import io.texlink.WritableFrame;
import io.texlink.pattern.TestPattern;
import org.junit.jupiter.api.Test;

import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.function.BiConsumer;

import static org.assertj.core.api.Assertions.assertThat;

/** The verifier over a real session: right frames count as verified, a damaged one as an error. */
class FrameVerifierTests {
    private static final FrameDescriptor SHAPE = FrameDescriptor.texture2d(64, 32, PixelFormat.ABGR8888);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final LatestFrame latest = new LatestFrame();
    private final FrameVerifier verifier = new FrameVerifier(latest, registry);

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

    /** Publishes one frame written by {@code writer} and hands what a client acquires to the verifier. */
    private void deliver(BiConsumer<WritableFrame, Long> writer) {
        String name = "demo-verify-" + ProcessHandle.current().pid() + "-" + System.nanoTime() % 1_000_000;
        try (TexlinkServer server = TexlinkServer.create(ServerOptions.builder(name, SHAPE).registry(null).build())) {
            server.start();
            try (TexlinkClient client = TexlinkClient.connect(ClientOptions.builder(name).registry(null).build())) {
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
