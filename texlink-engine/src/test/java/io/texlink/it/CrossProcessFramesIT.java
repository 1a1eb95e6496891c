package io.texlink.it;

import io.texlink.AcquiredFrame;
import io.texlink.Buffering;
import io.texlink.ClientOptions;
import io.texlink.ConnectionState;
import io.texlink.FrameDescriptor;
import io.texlink.PixelFormat;
import io.texlink.ServerOptions;
import io.texlink.TexlinkClient;
import io.texlink.TexlinkPeerException;
import io.texlink.TexlinkServer;
import io.texlink.WritableFrame;
import io.texlink.pattern.TestPattern;
import io.texlink.testing.LeakCounters;
import io.texlink.testing.SecondJvm;
import io.texlink.testing.Sessions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Producer and consumers in separate JVMs, over a real socket, with real memfds. */
class CrossProcessFramesIT {
    private static final FrameDescriptor VGA = FrameDescriptor.texture2d(640, 480, PixelFormat.ABGR8888);
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} buffer(s), 3 consumer JVMs")
    @ValueSource(ints = {1, 2, 3})
    void framesArriveInOrderWithTheirContent(int buffers) throws Exception {
        Path socket = Sessions.uniqueSocket(dir);
        try (TexlinkServer server = TexlinkServer.create(ServerOptions.builderForSocket(socket, VGA)
                .buffering(Buffering.ofCount(buffers)).registry(null).build());
             PublishingThread publisher = new PublishingThread(server, Duration.ofMillis(2))) {
            server.start();
            publisher.start();
            List<SecondJvm> consumers = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    consumers.add(SecondJvm.start(PatternConsumerMain.class, socket.toString(), "150"));
                }
                for (SecondJvm c : consumers) {
                    assertThat(c.awaitExit(WAIT)).as(c.output()).isZero();
                    assertThat(c.output()).contains("OK 150");
                }
            } finally {
                consumers.forEach(SecondJvm::close);
            }
            awaitNoClients(server);
            for (int i = 0; i < buffers; i++) {
                assertThat(server.references(i)).as("references on buffer %d after every consumer left", i).isZero();
            }
            assertThat(publisher.published()).isGreaterThan(150);
        }
    }

    @Test
    void killedConsumerGivesItsFramesBackAtOnce() throws Exception {
        Path socket = Sessions.uniqueSocket(dir);
        try (TexlinkServer server = TexlinkServer.create(ServerOptions.builderForSocket(socket, VGA).registry(null).build());
             PublishingThread publisher = new PublishingThread(server, Duration.ofMillis(5))) {
            server.start();
            publisher.start();
            try (SecondJvm consumer = SecondJvm.start(PatternConsumerMain.class, socket.toString(), "1", "hold")) {
                String[] holding = consumer.awaitLineStartingWith("HOLDING", WAIT).split(" ");
                int index = Integer.parseInt(holding[2]);
                assertThat(server.references(index)).as("the held frame's buffer").isPositive();
                consumer.kill();
            }
            awaitNoClients(server);
            long publishedAtKill = publisher.published();
            awaitPublishedBeyond(publisher, publishedAtKill + 20);
            // With the consumer gone every buffer is free again: nothing stays pinned.
            publisher.pauseAndWait();
            for (int i = 0; i < server.frameCount(); i++) {
                assertThat(server.references(i)).isZero();
            }
        }
    }

    @Test
    void consumerSeesAKilledProducerAndANewProducerTakesOverTheName() throws Exception {
        Path socket = Sessions.uniqueSocket(dir);
        ClientOptions options = ClientOptions.builderForSocket(socket).registry(null).connectTimeout(WAIT).build();
        try (SecondJvm producer = SecondJvm.start(PatternProducerMain.class, socket.toString(), "320", "240", "3", "500")) {
            producer.awaitLineStartingWith("READY", WAIT);
            try (TexlinkClient client = TexlinkClient.connect(options)) {
                TestPattern pattern = new TestPattern(client.meta().descriptor());
                for (int i = 0; i < 20; i++) {
                    AcquiredFrame f = client.tryAcquireFrame(WAIT.toNanos());
                    assertThat(f).isNotNull();
                    assertThat(pattern.verify(f.memory(), f.frameId(), true)).isNull();
                    client.releaseFrame(f);
                }
                producer.kill();
                long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                while (client.state() == ConnectionState.CONNECTED && System.nanoTime() < deadline) {
                    LockSupport.parkNanos(1_000_000);
                }
                assertThat(client.state()).isEqualTo(ConnectionState.DISCONNECTED);
                assertThatThrownBy(() -> client.tryAcquireFrame(1_000_000))
                        .isInstanceOf(TexlinkPeerException.class).hasMessageContaining("closed the connection");
            }
        }
        // The killed producer left its socket file and control block behind; a new producer cleans them up.
        assertThat(Files.exists(socket)).isTrue();
        try (TexlinkServer server = TexlinkServer.create(ServerOptions.builderForSocket(socket, VGA).registry(null).build())) {
            server.start();
            assertThat(server.state()).isEqualTo(ConnectionState.LISTENING);
        }
        assertThat(Files.exists(socket)).isFalse();
    }

    @Test
    void manySessionsLeaveNoDescriptorsMappingsOrSharedMemoryBehind() throws Exception {
        long fds = -1;
        String before = "";
        for (int cycle = 0; cycle < 26; cycle++) {
            if (cycle == 1) { // after one warm-up cycle: the JVM opens jars and libraries lazily the first time
                fds = LeakCounters.openFds();
                before = LeakCounters.describeFds();
            }
            Path socket = Sessions.uniqueSocket(dir);
            try (TexlinkServer server = TexlinkServer.create(ServerOptions.builderForSocket(socket, VGA).registry(null).build());
                 PublishingThread publisher = new PublishingThread(server, Duration.ofMillis(1))) {
                server.start();
                publisher.start();
                try (TexlinkClient client = TexlinkClient.connect(ClientOptions.builderForSocket(socket).registry(null).build())) {
                    for (int i = 0; i < 5; i++) {
                        AcquiredFrame f = client.tryAcquireFrame(WAIT.toNanos());
                        client.releaseFrame(f);
                    }
                }
                if (cycle % 5 == 0) {
                    try (SecondJvm consumer = SecondJvm.start(PatternConsumerMain.class, socket.toString(), "5")) {
                        assertThat(consumer.awaitExit(WAIT)).as(consumer.output()).isZero();
                    }
                }
            }
            assertThat(LeakCounters.controlBlockExists(socket)).as("control block of cycle %d after close", cycle).isFalse();
        }
        assertThat(LeakCounters.openFds()).as("open descriptors; before:\n%s\nafter:\n%s", before, LeakCounters.describeFds())
                .isEqualTo(fds);
        assertThat(LeakCounters.texlinkMappings()).as("texlink mappings").isZero();
        try (var left = Files.list(dir)) {
            assertThat(left).as("socket files").isEmpty();
        }
    }

    private static void awaitNoClients(TexlinkServer server) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (server.clientCount() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(1_000_000);
        }
        assertThat(server.clientCount()).isZero();
    }

    private static void awaitPublishedBeyond(PublishingThread publisher, long count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (publisher.published() < count && System.nanoTime() < deadline) {
            LockSupport.parkNanos(1_000_000);
        }
        assertThat(publisher.published()).isGreaterThanOrEqualTo(count);
    }
}
