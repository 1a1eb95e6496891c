package io.texlink.hostile;

import io.texlink.AcquiredFrame;
import io.texlink.ClientOptions;
import io.texlink.FrameDescriptor;
import io.texlink.PixelFormat;
import io.texlink.ServerOptions;
import io.texlink.TexlinkClient;
import io.texlink.TexlinkServer;
import io.texlink.WritableFrame;
import io.texlink.posix.OwnedFd;
import io.texlink.posix.SealedMemfd;
import io.texlink.testing.LeakCounters;
import io.texlink.testing.Sessions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.FileDescriptorCast;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Consumers that break the protocol are dropped with a reason; the server keeps serving a
 * well-behaved consumer and leaks nothing.
 */
class HostileConsumerTest {
    @TempDir
    Path dir;

    private TexlinkServer server;
    private TexlinkClient goodConsumer;
    private Path socket;
    private long fdsBefore;

    @BeforeAll
    static void warmUp(@TempDir Path warmDir) throws IOException {
        WarmUp.oneSession(warmDir);
    }

    @BeforeEach
    void start() {
        fdsBefore = LeakCounters.openFds();
        socket = Sessions.uniqueSocket(dir);
        server = TexlinkServer.create(ServerOptions.builderForSocket(socket,
                FrameDescriptor.texture2d(64, 64, PixelFormat.ABGR8888)).registry(null)
                .stallTimeout(Duration.ofMillis(300)).build());
        server.start();
        publish();
        goodConsumer = TexlinkClient.connect(ClientOptions.builderForSocket(socket).registry(null).build());
    }

    @AfterEach
    void stop() {
        goodConsumer.close();
        server.close();
        assertThat(LeakCounters.openFds()).as("descriptors after the test").isLessThanOrEqualTo(fdsBefore);
    }

    @Test
    void releaseOfAnIndexOutOfRangeDropsOnlyThatConsumer() throws IOException {
        try (RawPeer peer = RawPeer.connect(socket)) {
            peer.readHandshake(3);
            peer.release(7);
            assertThat(peer.closedByServer()).isTrue();
        }
        assertStillServesTheGoodConsumer(1);
    }

    @Test
    void releaseOfAFrameNotHeldDropsTheConsumer() throws IOException {
        try (RawPeer peer = RawPeer.connect(socket)) {
            peer.readHandshake(3);
            int index = peer.readNoticeIndex(); // the newest frame, sent at connect
            peer.release(index);
            peer.release(index); // a second release of the same frame
            assertThat(peer.closedByServer()).isTrue();
        }
        assertStillServesTheGoodConsumer(1);
    }

    @Test
    void truncatedReleaseThenHangUpReturnsTheReferences() throws IOException {
        try (RawPeer peer = RawPeer.connect(socket)) {
            peer.readHandshake(3);
            peer.readNoticeIndex();
            peer.write(new byte[] {1, 0});
        }
        awaitClients(1);
        assertStillServesTheGoodConsumer(0);
    }

    @Test
    void garbageIsRefusedAndDescriptorsAPeerSendsAreNotKept() throws IOException {
        try (RawPeer peer = RawPeer.connect(socket); OwnedFd memfd = SealedMemfd.create("junk", 4096)) {
            peer.readHandshake(3);
            peer.writeWithDescriptors(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f, 9, 9, 9, 9},
                    FileDescriptorCast.unsafeUsing(memfd.fd()).getFileDescriptor());
            assertThat(peer.closedByServer()).isTrue();
        }
        assertStillServesTheGoodConsumer(1);
    }

    @Test
    void aConsumerThatNeverReleasesCannotStopTheProducer() throws IOException {
        try (RawPeer peer = RawPeer.connect(socket)) {
            peer.readHandshake(3);
            // It reads nothing and releases nothing: after a few frames it holds every free buffer.
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            long published = server.stats().framesPublished();
            while (server.stats().framesPublished() < published + 50 && System.nanoTime() < deadline) {
                WritableFrame f = server.tryBeginFrame();
                if (f != null) {
                    server.endFrame(f);
                }
                releaseWhatTheGoodConsumerGets();
                LockSupport.parkNanos(2_000_000);
            }
            assertThat(server.stats().framesPublished()).as("frames published despite the stuck consumer")
                    .isGreaterThanOrEqualTo(published + 50);
            assertThat(server.stats().clientsDropped()).isEqualTo(1);
            assertThat(peer.closedByServer()).isTrue();
        }
    }

    @Test
    void aServerAtItsLimitRefusesTheNextConsumer() throws IOException {
        server.close();
        server = TexlinkServer.create(ServerOptions.builderForSocket(socket,
                FrameDescriptor.texture2d(64, 64, PixelFormat.ABGR8888)).registry(null).maxClients(1).build());
        server.start();
        goodConsumer.close();
        goodConsumer = TexlinkClient.connect(ClientOptions.builderForSocket(socket).registry(null).build());
        try (RawPeer second = RawPeer.connect(socket)) {
            assertThat(second.closedByServer()).isTrue();
        }
        assertThat(server.stats().clientsRefused()).isEqualTo(1);
        publish();
        assertStillServesTheGoodConsumer(0);
    }

    private void releaseWhatTheGoodConsumerGets() {
        AcquiredFrame f = goodConsumer.tryAcquireFrame(0);
        if (f != null) {
            goodConsumer.releaseFrame(f);
        }
    }

    private void assertStillServesTheGoodConsumer(long droppedExpected) {
        awaitClients(1);
        assertThat(server.stats().clientsDropped()).isEqualTo(droppedExpected);
        for (int i = 0; i < 5; i++) {
            long id = publish();
            AcquiredFrame f = goodConsumer.tryAcquireFrame(Duration.ofSeconds(5).toNanos());
            assertThat(f).as("frame %d for the good consumer (%s, %s, %s; server %s)", id, goodConsumer.state(),
                    goodConsumer.failure(), goodConsumer.stats(), server.stats()).isNotNull();
            assertThat(f.frameId()).isEqualTo(id);
            goodConsumer.releaseFrame(f);
        }
    }

    /** Publishes one frame, retrying while releases are still on their way to the server (they are asynchronous). */
    private long publish() {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        WritableFrame f;
        while ((f = server.tryBeginFrame()) == null && System.nanoTime() < deadline) {
            LockSupport.parkNanos(200_000);
        }
        assertThat(f).as("a free buffer within 5 s (%s)", server.stats()).isNotNull();
        return server.endFrame(f);
    }

    private void awaitClients(int n) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (server.clientCount() != n && System.nanoTime() < deadline) {
            LockSupport.parkNanos(1_000_000);
        }
        assertThat(server.clientCount()).isEqualTo(n);
    }
}
