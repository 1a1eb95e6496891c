package io.texlink.hostile;

import io.texlink.AcquiredFrame;
import io.texlink.ClientOptions;
import io.texlink.ConnectionState;
import io.texlink.FrameDescriptor;
import io.texlink.HandleType;
import io.texlink.TexlinkClient;
import io.texlink.TexlinkException;
import io.texlink.TexlinkPeerException;
import io.texlink.TexlinkProtocolException;
import io.texlink.TexlinkTimeoutException;
import io.texlink.posix.Libc;
import io.texlink.posix.OwnedFd;
import io.texlink.posix.SealedMemfd;
import io.texlink.testing.LeakCounters;
import io.texlink.testing.Sessions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.FileDescriptorCast;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Producers that lie: each is refused with a typed error that says what was wrong, and the
 * consumer's process keeps no descriptor or mapping of the attempt.
 */
class HostileProducerTest {
    @TempDir
    Path dir;

    private long fdsBefore;

    /** One refused attempt first: the JVM and junixsocket open some files once, on first use. */
    @BeforeAll
    static void warmUp(@TempDir Path warmDir) {
        assertThatThrownBy(() -> attempt(warmDir, (p, c) -> FakeProducer.send(c, new byte[10]), Duration.ofMillis(200)))
                .isInstanceOf(TexlinkException.class);
    }

    @BeforeEach
    void countDescriptors() {
        fdsBefore = LeakCounters.openFds();
    }

    @AfterEach
    void nothingLeaked() {
        assertThat(LeakCounters.openFds()).as("descriptors: %s", LeakCounters.describeFds()).isEqualTo(fdsBefore);
        assertThat(LeakCounters.texlinkMappings()).isZero();
    }

    @Test
    void wrongVersion() {
        assertRefused((p, c) -> {
            byte[] h = p.handshake(3, FakeProducer.SMALL);
            h[0] = 2;
            FakeProducer.send(c, h);
        }, TexlinkProtocolException.class, "version 2");
    }

    @Test
    void bufferCountsOutsideOneToThree() {
        for (int count : new int[] {0, 4, -1}) {
            assertRefused((p, c) -> {
                byte[] h = p.handshake(3, FakeProducer.SMALL);
                ByteBuffer.wrap(h).order(ByteOrder.LITTLE_ENDIAN).putInt(4, count);
                FakeProducer.send(c, h);
            }, TexlinkProtocolException.class, "buffer count");
        }
    }

    @Test
    void truncatedHandshake() {
        assertRefused((p, c) -> {
            FakeProducer.send(c, new byte[100]);
            c.close();
        }, TexlinkPeerException.class, "after 100 of 152 bytes");
    }

    @Test
    void silentProducerTimesOut() {
        assertRefused((p, c) -> Thread.sleep(2_000), TexlinkTimeoutException.class, "handshake");
    }

    @Test
    void fewerDescriptorsThanBuffers() {
        assertRefused((p, c) -> {
            FakeProducer.send(c, p.handshake(3, FakeProducer.SMALL));
            try (OwnedFd m = SealedMemfd.create("one", FakeProducer.SMALL.size())) {
                FakeProducer.sendDescriptors(c, m.fd());
            }
            c.close();
        }, TexlinkPeerException.class, "buffer 1");
    }

    @Test
    void aMessageWithTwoDescriptors() {
        assertRefused((p, c) -> {
            FakeProducer.send(c, p.handshake(1, FakeProducer.SMALL));
            try (OwnedFd a = SealedMemfd.create("a", 4096); OwnedFd b = SealedMemfd.create("b", 4096)) {
                FakeProducer.sendDescriptors(c, a.fd(), b.fd());
            }
        }, TexlinkProtocolException.class, "carried 2 file descriptors");
    }

    @Test
    void aMessageWithoutADescriptor() {
        assertRefused((p, c) -> {
            FakeProducer.send(c, p.handshake(1, FakeProducer.SMALL));
            FakeProducer.send(c, new byte[] {0});
        }, TexlinkProtocolException.class, "carried no file descriptor");
    }

    @Test
    void aPipeInsteadOfMemory() throws Exception {
        Path fifo = dir.resolve("fifo");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        int nonBlocking = 04000; // O_NONBLOCK: opening a FIFO for reading would wait for a writer
        try (OwnedFd pipe = new OwnedFd(Libc.open(fifo.toString(), Libc.O_RDONLY | Libc.O_CLOEXEC | nonBlocking, 0))) {
            assertRefused((p, c) -> oneBufferWith(p, c, pipe.fd()), TexlinkProtocolException.class, "pipe");
        }
    }

    @Test
    void aSocketInsteadOfMemory() {
        assertRefused((p, c) -> oneBufferWith(p, c, FileDescriptorCast.using(c.getFileDescriptor()).as(Integer.class)),
                TexlinkProtocolException.class, "socket");
    }

    @Test
    void aDirectoryInsteadOfMemory() {
        try (OwnedFd directory = new OwnedFd(Libc.open(dir.toString(), Libc.O_RDONLY | Libc.O_CLOEXEC, 0))) {
            assertRefused((p, c) -> oneBufferWith(p, c, directory.fd()), TexlinkProtocolException.class, "directory");
        }
    }

    @Test
    void anUnsealedMemfdThatCouldBeTruncated() {
        int fd = Libc.memfdCreate("unsealed", Libc.MFD_CLOEXEC);
        try (OwnedFd unsealed = new OwnedFd(fd)) {
            Libc.ftruncate(fd, FakeProducer.SMALL.size());
            assertRefused((p, c) -> oneBufferWith(p, c, unsealed.fd()), TexlinkProtocolException.class,
                    "not sealed against shrinking");
        }
    }

    @Test
    void memorySmallerThanTheMetadataClaims() {
        try (OwnedFd small = SealedMemfd.create("small", FakeProducer.SMALL.size() / 2)) {
            assertRefused((p, c) -> oneBufferWith(p, c, small.fd()), TexlinkProtocolException.class,
                    "holds 512 bytes but the metadata claims 1024");
        }
    }

    @Test
    void controlBlockMissing() {
        assertRefused((p, c) -> {
            FakeProducer.send(c, p.handshake(1, FakeProducer.SMALL));
            try (OwnedFd m = SealedMemfd.create("m", FakeProducer.SMALL.size())) {
                FakeProducer.sendDescriptors(c, m.fd());
            }
        }, TexlinkPeerException.class, "control block");
    }

    @Test
    void controlBlockDisagreesWithTheHandshake() {
        assertRefused((p, c) -> {
            p.createControlBlock(2);
            oneBufferWith(p, c, -1);
        }, TexlinkProtocolException.class, "says 2 buffers but the handshake said 1");
    }

    @Test
    void noticeForABufferThatDoesNotExist() throws Exception {
        assertNoticeRefused(notice(1, 5, 0), "index 5");
    }

    @Test
    void noticeWithAnInvalidSyncFlag() throws Exception {
        assertNoticeRefused(notice(1, 0, 2), "has-sync-fd");
    }

    @Test
    void aSyncFileTheHandshakeDidNotAnnounceIsAProtocolError() throws Exception {
        assertNoticeRefused(notice(1, 0, 1), "handshake announced sync handle type UNKNOWN, not SYNC_FD");
    }

    @Test
    void aSyncFileIsWaitedOnBeforeItsFrameIsHandedOut() throws Exception {
        // As a C producer of DMA-BUF frames does: the handshake announces SYNC_FD, the notice says
        // has-sync-fd, a message with the sync_file follows. A FIFO with a byte queued stands in for
        // a signalled fence: both poll as readable.
        Path fifo = dir.resolve("fence");
        assertThat(new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor()).isZero();
        int nonBlocking = 04000; // O_NONBLOCK: opening a FIFO for reading would wait for a writer
        Path socket = Sessions.uniqueSocket(dir);
        try (OwnedFd fence = new OwnedFd(Libc.open(fifo.toString(), Libc.O_RDONLY | Libc.O_CLOEXEC | nonBlocking, 0))) {
            Files.write(fifo, new byte[] {1});
            try (FakeProducer producer = new FakeProducer(socket, (p, c) -> {
                     p.createControlBlock(1);
                     FakeProducer.send(c, p.handshake(1, FakeProducer.meta(FakeProducer.SMALL, HandleType.SYNC_FD)));
                     try (OwnedFd m = SealedMemfd.create("m", FakeProducer.SMALL.size())) {
                         FakeProducer.sendDescriptors(c, m.fd());
                     }
                     FakeProducer.send(c, notice(1, 0, 1));
                     FakeProducer.sendDescriptors(c, fence.fd());
                 });
                 TexlinkClient client = TexlinkClient.connect(options(socket, Duration.ofSeconds(5)))) {
                AcquiredFrame frame = client.tryAcquireFrame(Duration.ofSeconds(5).toNanos());
                assertThat(frame).isNotNull();
                assertThat(frame.frameId()).isEqualTo(1);
                client.releaseFrame(frame);
            }
        }
    }

    @Test
    void aWellFormedFakeProducerWorks() throws Exception {
        // The control experiment: the same fake producer, honest, delivers a frame.
        try (Connected session = connectAndSend(notice(1, 0, 0))) {
            AcquiredFrame frame = session.client.tryAcquireFrame(Duration.ofSeconds(5).toNanos());
            assertThat(frame).isNotNull();
            assertThat(frame.frameId()).isEqualTo(1);
            assertThat(session.client.producerWritesTimestamps()).isTrue();
            session.client.releaseFrame(frame);
        }
    }

    /** A correct one-buffer session whose producer then sends {@code notice}: acquiring must fail and mark the client ERROR. */
    private void assertNoticeRefused(byte[] notice, String message) throws Exception {
        try (Connected session = connectAndSend(notice)) {
            assertThatThrownBy(() -> session.client.tryAcquireFrame(Duration.ofSeconds(5).toNanos()))
                    .isInstanceOf(TexlinkProtocolException.class).hasMessageContaining(message);
            assertThat(session.client.state()).isEqualTo(ConnectionState.ERROR);
        }
    }

    private record Connected(FakeProducer producer, TexlinkClient client) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            client.close();
            producer.close();
        }
    }

    private Connected connectAndSend(byte[] notice) throws Exception {
        Path socket = Sessions.uniqueSocket(dir);
        FakeProducer producer = new FakeProducer(socket, (p, c) -> {
            oneBufferWith(p, c, -1);
            FakeProducer.send(c, notice);
        });
        return new Connected(producer, TexlinkClient.connect(options(socket, Duration.ofSeconds(5))));
    }

    /**
     * Sends a one-buffer handshake and the buffer: {@code fd}, or a genuine sealed memfd when -1.
     * Creates a genuine control block unless the script made one.
     */
    private static void oneBufferWith(FakeProducer p, AFUNIXSocket c, int fd) throws IOException {
        p.createControlBlock(1);
        FakeProducer.send(c, p.handshake(1, FakeProducer.SMALL));
        if (fd >= 0) {
            FakeProducer.sendDescriptors(c, fd);
            return;
        }
        try (OwnedFd m = SealedMemfd.create("m", FakeProducer.SMALL.size())) {
            FakeProducer.sendDescriptors(c, m.fd());
        }
    }

    private static byte[] notice(long frameId, int index, int hasSyncFd) {
        return ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN)
                .putLong(frameId).putInt(index).putInt(hasSyncFd).putLong(0).array();
    }

    private static ClientOptions options(Path socket, Duration timeout) {
        return ClientOptions.builderForSocket(socket).registry(null).connectTimeout(timeout).build();
    }

    private void assertRefused(FakeProducer.Script script, Class<? extends TexlinkException> type, String message) {
        assertThatThrownBy(() -> attempt(dir, script, Duration.ofSeconds(1)))
                .isInstanceOf(type).hasMessageContaining(message);
    }

    /** Connects a real client to a fake producer running {@code script}. */
    private static void attempt(Path directory, FakeProducer.Script script, Duration timeout) throws Exception {
        Path socket = Sessions.uniqueSocket(directory);
        try (FakeProducer producer = new FakeProducer(socket, script)) {
            try {
                TexlinkClient.connect(options(socket, timeout)).close();
            } finally {
                producer.assertScriptRan();
            }
        }
    }
}
