package io.texlink;

import io.texlink.pattern.TestPattern;
import io.texlink.registry.NameRegistry;
import io.texlink.testing.Sessions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The C library's semantics, checked with a server and clients in one JVM (the socket and memfds are still real). */
class SessionSemanticsTest {
    private static final FrameDescriptor D = FrameDescriptor.texture2d(64, 32, PixelFormat.ABGR8888);
    private static final long SECOND = 1_000_000_000L;

    @TempDir
    Path dir;

    private final List<AutoCloseable> open = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    private TexlinkServer server(Buffering buffering) {
        TexlinkServer s = TexlinkServer.create(ServerOptions.builderForSocket(Sessions.uniqueSocket(dir), D)
                .buffering(buffering).registry(null).build());
        open.add(s);
        s.start();
        return s;
    }

    private TexlinkClient client(TexlinkServer s, ClientOptions.Builder extra) {
        TexlinkClient c = TexlinkClient.connect(extra.build());
        open.add(c);
        return c;
    }

    private TexlinkClient client(TexlinkServer s) {
        return client(s, ClientOptions.builderForSocket(s.options().socketPath()).registry(null));
    }

    private static long publish(TexlinkServer s, TestPattern pattern) {
        long deadline = System.nanoTime() + 5 * SECOND;
        WritableFrame f;
        while ((f = s.tryBeginFrame()) == null && System.nanoTime() < deadline) {
            LockSupport.parkNanos(100_000);
        }
        assertThat(f).as("free buffer").isNotNull();
        long id = s.stats().framesPublished() + 1;
        pattern.fill(f.memory(), id);
        assertThat(s.endFrame(f)).isEqualTo(id);
        return id;
    }

    @Test
    void newestWinsAndSkippedFramesGoBackToTheProducer() {
        TexlinkServer s = server(Buffering.TRIPLE);
        TexlinkClient c = client(s);
        TestPattern pattern = new TestPattern(D);
        publish(s, pattern);
        publish(s, pattern);
        long newest = publish(s, pattern);
        AcquiredFrame f = c.tryAcquireFrame(SECOND);
        assertThat(f.frameId()).isEqualTo(newest);
        assertThat(pattern.verify(f.memory(), newest, true)).isNull();
        assertThat(c.stats().framesDropped()).isEqualTo(2);
        // Only the held frame's buffer keeps a reference once the skipped releases arrived.
        awaitReferences(s, f.index(), 1);
        c.releaseFrame(f);
        awaitReferences(s, f.index(), 0);
    }

    @Test
    void aHeldFramesBufferIsNeverRewritten() {
        TexlinkServer s = server(Buffering.TRIPLE);
        TexlinkClient c = client(s);
        TestPattern pattern = new TestPattern(D);
        long id = publish(s, pattern);
        AcquiredFrame held = c.tryAcquireFrame(SECOND);
        for (int i = 0; i < 200; i++) {
            WritableFrame w = s.tryBeginFrame();
            if (w != null) {
                assertThat(w.index()).isNotEqualTo(held.index());
                pattern.fill(w.memory(), s.stats().framesPublished() + 1);
                s.endFrame(w);
            }
            LockSupport.parkNanos(1_000_000); // the client's housekeeping returns skipped frames every 5 ms
        }
        assertThat(pattern.verify(held.memory(), id, true)).as("held frame untouched").isNull();
        assertThat(s.stats().framesPublished()).as("producer kept publishing around the held frame").isGreaterThan(20);
        c.releaseFrame(held);
    }

    @Test
    void singleBufferingWaitsForTheRelease() {
        TexlinkServer s = server(Buffering.SINGLE);
        TexlinkClient c = client(s);
        TestPattern pattern = new TestPattern(D);
        publish(s, pattern);
        AcquiredFrame f = c.tryAcquireFrame(SECOND);
        assertThat(s.tryBeginFrame()).as("the only buffer is held").isNull();
        c.releaseFrame(f);
        publish(s, pattern);
    }

    @Test
    void acquireTimesOutWithNullAndReleaseMisuseIsRefused() {
        TexlinkServer s = server(Buffering.DOUBLE);
        TexlinkClient c = client(s);
        assertThat(c.tryAcquireFrame(20_000_000)).isNull();
        assertThat(c.acquireFrame(Duration.ofMillis(20))).isEmpty();
        publish(s, new TestPattern(D));
        AcquiredFrame f = c.tryAcquireFrame(SECOND);
        c.releaseFrame(f);
        assertThatThrownBy(() -> c.releaseFrame(f)).isInstanceOf(IllegalStateException.class);
        TexlinkClient other = client(s);
        publish(s, new TestPattern(D));
        AcquiredFrame g = c.tryAcquireFrame(SECOND);
        assertThatThrownBy(() -> other.releaseFrame(g)).isInstanceOf(IllegalStateException.class);
        c.releaseFrame(g);
    }

    @Test
    void anAbortedFrameIsNeitherPublishedNorLost() {
        TexlinkServer s = server(Buffering.TRIPLE);
        TexlinkClient c = client(s);
        WritableFrame aborted = s.tryBeginFrame();
        s.abortFrame(aborted);
        assertThat(c.tryAcquireFrame(50_000_000)).as("nothing published").isNull();
        assertThat(s.tryBeginFrame()).as("the buffer is free again").isSameAs(aborted);
        assertThatThrownBy(() -> s.abortFrame(s.tryBeginFrame())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aReconnectingClientClosesPromptlyWhileNoProducerExists() {
        ClientOptions options = ClientOptions.builderForSocket(dir.resolve("nobody.sock")).registry(null)
                .connectTimeout(Duration.ofSeconds(30)).build();
        ReconnectingClient r = ReconnectingClient.start(options, Backoff.standard());
        LockSupport.parkNanos(50_000_000);
        long start = System.nanoTime();
        r.close();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("close while connecting").isLessThan(Duration.ofSeconds(5));
        assertThat(r.state()).isEqualTo(ConnectionState.CLOSED);
    }

    @Test
    void producerMisuseIsRefused() {
        TexlinkServer s = server(Buffering.TRIPLE);
        WritableFrame w = s.tryBeginFrame();
        assertThatThrownBy(s::tryBeginFrame).isInstanceOf(IllegalStateException.class);
        s.endFrame(w);
        assertThatThrownBy(() -> s.endFrame(w)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(s::start).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void latencyIsMeasuredFromTheProducersTimestamp() {
        TexlinkServer s = server(Buffering.TRIPLE);
        List<Long> samples = new ArrayList<>();
        TexlinkClient c = client(s, ClientOptions.builderForSocket(s.options().socketPath()).registry(null)
                .latencyRecorder(samples::add));
        assertThat(c.producerWritesTimestamps()).isTrue();
        publish(s, new TestPattern(D));
        AcquiredFrame f = c.tryAcquireFrame(SECOND);
        assertThat(f.latencyNanos()).isPositive().isLessThan(SECOND);
        assertThat(samples).containsExactly(f.latencyNanos());
        c.releaseFrame(f);
    }

    @Test
    void everyWaitStrategyDeliversFrames() {
        for (WaitStrategy wait : List.of(WaitStrategy.blocking(), WaitStrategy.busySpin(), WaitStrategy.backoff(),
                WaitStrategy.sleeping(Duration.ofMillis(1)))) {
            TexlinkServer s = server(Buffering.TRIPLE);
            TexlinkClient c = client(s, ClientOptions.builderForSocket(s.options().socketPath()).registry(null).waitStrategy(wait));
            Thread publisher = Thread.ofPlatform().start(() -> {
                LockSupport.parkNanos(20_000_000);
                publish(s, new TestPattern(D));
            });
            AcquiredFrame f = c.tryAcquireFrame(5 * SECOND);
            assertThat(f).as(wait.toString()).isNotNull();
            c.releaseFrame(f);
            assertThat(publisher).satisfies(t -> t.join());
        }
    }

    @Test
    void aClosedClientsFramesThrowInsteadOfCrashing() {
        TexlinkServer s = server(Buffering.TRIPLE);
        TexlinkClient c = client(s);
        publish(s, new TestPattern(D));
        AcquiredFrame f = c.tryAcquireFrame(SECOND);
        c.close();
        assertThatThrownBy(() -> f.memory().get(ValueLayout.JAVA_BYTE, 0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> c.tryAcquireFrame(0)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void clientsFindAProducerByNameThroughTheRegistry() {
        NameRegistry registry = new NameRegistry(dir.resolve(".registry"));
        Path socket = dir.resolve("custom-place.sock");
        TexlinkServer s = TexlinkServer.create(ServerOptions.builderForSocket(socket, D).registry(registry).build());
        open.add(s);
        s.start();
        TexlinkClient c = client(s, ClientOptions.builder("custom-place").registry(registry));
        assertThat(c.meta().descriptor()).isEqualTo(D);
        s.close();
        assertThat(registry.lookup("custom-place")).isEmpty();
    }

    @Test
    void aSecondProducerCannotTakeALiveName() {
        TexlinkServer s = server(Buffering.TRIPLE);
        TexlinkServer second = TexlinkServer.create(ServerOptions.builderForSocket(s.options().socketPath(), D).registry(null).build());
        open.add(second);
        assertThatThrownBy(second::start).isInstanceOf(TexlinkPeerException.class).hasMessageContaining("already serves");
        assertThat(s.state()).isEqualTo(ConnectionState.LISTENING);
    }

    private static void awaitReferences(TexlinkServer s, int index, int expected) {
        long deadline = System.nanoTime() + 5 * SECOND;
        while (s.references(index) != expected && System.nanoTime() < deadline) {
            LockSupport.parkNanos(500_000);
        }
        assertThat(s.references(index)).isEqualTo(expected);
    }
}
