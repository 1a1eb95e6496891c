package io.texlink.it;

import io.texlink.AcquiredFrame;
import io.texlink.ClientOptions;
import io.texlink.FrameDescriptor;
import io.texlink.PixelFormat;
import io.texlink.ServerOptions;
import io.texlink.TexlinkClient;
import io.texlink.TexlinkProtocolException;
import io.texlink.TexlinkServer;
import io.texlink.cpu.CpuFrameImporter;
import io.texlink.pattern.TestPattern;
import io.texlink.testing.Sessions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Interop with a peer written in C from wire-v3.md alone ({@code src/test/c/v3_peer.c}, the records
 * as C structs in the natural x86-64 layout): Java producer → C consumer and C producer → Java
 * consumer, frames verified byte for byte on both sides. Skipped where no C compiler is installed.
 */
class CInteropIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path build;
    private static Path peer;

    @TempDir
    Path dir;

    @BeforeAll
    static void compileThePeer() throws Exception {
        Path gcc = Path.of("/usr/bin/gcc");
        assumeTrue(Files.isExecutable(gcc), "no C compiler at /usr/bin/gcc: install gcc to run the C interop tests");
        peer = build.resolve("v3_peer");
        Process cc = new ProcessBuilder(gcc.toString(), "-std=c11", "-O2", "-Wall", "-Wextra", "-Werror", "-o", peer.toString(),
                Path.of("src/test/c/v3_peer.c").toAbsolutePath().toString()).redirectErrorStream(true).start();
        String out = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(cc.waitFor()).as("gcc: %s", out).isZero();
    }

    @Test
    void aJavaProducerFeedsACConsumer() throws Exception {
        Path socket = Sessions.uniqueSocket(dir);
        try (TexlinkServer server = TexlinkServer.create(ServerOptions.builderForSocket(socket,
                FrameDescriptor.texture2d(320, 240, PixelFormat.ABGR8888)).registry(null).build());
             PublishingThread publisher = new PublishingThread(server, Duration.ofMillis(2))) {
            server.start();
            publisher.start();
            Process c = run("consume", socket.toString(), "100");
            String out = awaitExit(c);
            assertThat(c.exitValue()).as(out).isZero();
            assertThat(out).contains("C consumer: 320x240 fourcc 0x34324241, 3 buffers").contains("C consumer OK 100 frames");
        }
    }

    @Test
    void aCProducerFeedsAJavaConsumer() throws Exception {
        Path socket = Sessions.uniqueSocket(dir);
        Process c = run("produce", socket.toString(), "60");
        try {
            awaitReady(socket);
            try (TexlinkClient client = TexlinkClient.connect(ClientOptions.builderForSocket(socket).registry(null).build())) {
                assertThat(client.producerWritesTimestamps()).as("a C producer's 104-byte control block").isFalse();
                assertThat(client.meta().descriptor()).isEqualTo(FrameDescriptor.texture2d(320, 240, PixelFormat.ABGR8888));
                TestPattern pattern = new TestPattern(client.meta().descriptor());
                long last = 0;
                for (int n = 0; n < 30; n++) {
                    AcquiredFrame f = client.tryAcquireFrame(WAIT.toNanos());
                    assertThat(f).isNotNull();
                    assertThat(f.frameId()).isGreaterThan(last);
                    assertThat(pattern.verify(f.memory(), f.frameId(), true)).isNull();
                    assertThat(f.latencyNanos()).as("no timestamp from a C producer").isEqualTo(-1);
                    last = f.frameId();
                    client.releaseFrame(f);
                }
            }
            String out = awaitExit(c);
            assertThat(c.exitValue()).as(out).isZero();
        } finally {
            c.destroyForcibly();
        }
    }

    @Test
    void unsealedMemoryFromACProducerIsRefusedUnlessTrusted() throws Exception {
        Path socket = Sessions.uniqueSocket(dir);
        Process c = run("produce", socket.toString(), "20", "unsealed");
        try {
            awaitReady(socket);
            assertThatThrownBy(() -> TexlinkClient.connect(ClientOptions.builderForSocket(socket).registry(null).build()))
                    .isInstanceOf(TexlinkProtocolException.class).hasMessageContaining("not sealed against shrinking");
        } finally {
            c.destroyForcibly();
            c.waitFor(10, TimeUnit.SECONDS);
        }
        Path second = Sessions.uniqueSocket(dir);
        Process trusted = run("produce", second.toString(), "20", "unsealed");
        try {
            awaitReady(second);
            try (TexlinkClient client = TexlinkClient.connect(ClientOptions.builderForSocket(second).registry(null)
                    .importer(() -> new CpuFrameImporter(true)).build())) {
                AcquiredFrame f = client.tryAcquireFrame(WAIT.toNanos());
                assertThat(new TestPattern(client.meta().descriptor()).verify(f.memory(), f.frameId(), true)).isNull();
                client.releaseFrame(f);
            }
        } finally {
            trusted.destroyForcibly();
        }
    }

    private static Process run(String... args) throws IOException {
        return new ProcessBuilder(concat(peer.toString(), args)).redirectErrorStream(true).start();
    }

    private static List<String> concat(String first, String... rest) {
        List<String> all = new java.util.ArrayList<>(List.of(first));
        all.addAll(List.of(rest));
        return all;
    }

    private static void awaitReady(Path socket) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!Files.exists(socket) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(socket).exists();
    }

    private static String awaitExit(Process p) throws Exception {
        assertThat(p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as("C peer finished").isTrue();
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
