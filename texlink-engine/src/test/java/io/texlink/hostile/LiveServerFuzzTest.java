package io.texlink.hostile;

import io.texlink.AcquiredFrame;
import io.texlink.ClientOptions;
import io.texlink.ConnectionState;
import io.texlink.FrameDescriptor;
import io.texlink.PixelFormat;
import io.texlink.ServerOptions;
import io.texlink.TexlinkClient;
import io.texlink.TexlinkServer;
import io.texlink.WritableFrame;
import io.texlink.posix.Libc;
import io.texlink.posix.OwnedFd;
import io.texlink.posix.SealedMemfd;
import io.texlink.testing.LeakCounters;
import io.texlink.testing.Sessions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.FileDescriptorCast;

import java.io.FileDescriptor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Thousands of random consumers — garbage, truncated and out-of-range records, unexpected
 * descriptors of every kind, abrupt hang-ups — against one live server, while a well-behaved
 * consumer keeps acquiring and a producer keeps publishing. Seeded: a failure names the seed that
 * reproduces it ({@code -Dtexlink.fuzz.seed=...}).
 */
class LiveServerFuzzTest {
    private static final int CASES = Integer.getInteger("texlink.fuzz.cases", 5_000);
    private static final long SEED = Long.getLong("texlink.fuzz.seed", 20261125L);

    @TempDir
    Path dir;

    @Test
    void randomConsumersNeverDisturbTheServerOrTheGoodConsumer() throws Exception {
        Path socket = Sessions.uniqueSocket(dir);
        WarmUp.oneSession(dir);
        long fdsBefore = LeakCounters.openFds();
        AtomicLong goodFrames = new AtomicLong();
        AtomicReference<Throwable> goodFailure = new AtomicReference<>();
        Random random = new Random(SEED);
        int[] behaviours = new int[Behaviour.values().length];
        try (TexlinkServer server = TexlinkServer.create(ServerOptions.builderForSocket(socket,
                FrameDescriptor.texture2d(32, 32, PixelFormat.ABGR8888)).registry(null).maxClients(64)
                .stallTimeout(Duration.ofMillis(200)).build());
             OwnedFd memfd = SealedMemfd.create("fuzz", 4096);
             OwnedFd directory = new OwnedFd(Libc.open(dir.toString(), Libc.O_RDONLY | Libc.O_CLOEXEC, 0))) {
            server.start();
            Thread publisher = Thread.ofPlatform().daemon().start(() -> publishUntilClosed(server));
            try (TexlinkClient good = TexlinkClient.connect(ClientOptions.builderForSocket(socket).registry(null).build())) {
                Thread consumer = Thread.ofPlatform().daemon().start(() -> consume(good, goodFrames, goodFailure));
                for (int n = 0; n < CASES; n++) {
                    Behaviour b = Behaviour.values()[random.nextInt(Behaviour.values().length)];
                    behaviours[b.ordinal()]++;
                    try (RawPeer peer = RawPeer.connect(socket)) {
                        b.act(peer, random, memfd, directory);
                    } catch (IOException expected) {
                        // the server dropped this peer while it was still talking: that is the point
                    }
                    if (n % 500 == 0) {
                        assertThat(server.state()).as("case %d (seed %d)", n, SEED).isEqualTo(ConnectionState.LISTENING);
                    }
                }
                long framesBefore = goodFrames.get();
                LockSupport.parkNanos(Duration.ofMillis(300).toNanos());
                assertThat(goodFailure.get()).as("good consumer failure (seed %d)", SEED).isNull();
                assertThat(good.state()).isEqualTo(ConnectionState.CONNECTED);
                assertThat(goodFrames.get()).as("good consumer still receives frames").isGreaterThan(framesBefore);
                consumer.interrupt();
                consumer.join(5_000);
            }
            publisher.interrupt();
            publisher.join(5_000);
            awaitNoClients(server);
            for (int i = 0; i < server.frameCount(); i++) {
                assertThat(server.references(i)).as("references on buffer %d after %d random consumers", i, CASES).isZero();
            }
            System.out.printf("live server fuzz: %d cases (seed %d), per behaviour %s, server dropped %d, refused %d, "
                            + "good consumer got %d frames%n", CASES, SEED, java.util.Arrays.toString(behaviours),
                    server.stats().clientsDropped(), server.stats().clientsRefused(), goodFrames.get());
        }
        assertThat(LeakCounters.openFds()).as("descriptors after the fuzz: %s", LeakCounters.describeFds()).isEqualTo(fdsBefore);
    }

    /** What one random consumer does. */
    enum Behaviour {
        HANG_UP_AT_ONCE {
            @Override
            void act(RawPeer p, Random r, OwnedFd memfd, OwnedFd dir) {
            }
        },
        GARBAGE_BEFORE_HANDSHAKE {
            @Override
            void act(RawPeer p, Random r, OwnedFd memfd, OwnedFd dir) throws IOException {
                p.write(randomBytes(r, 1 + r.nextInt(64)));
            }
        },
        GARBAGE_AFTER_HANDSHAKE {
            @Override
            void act(RawPeer p, Random r, OwnedFd memfd, OwnedFd dir) throws IOException {
                p.readHandshake(3);
                p.write(randomBytes(r, 1 + r.nextInt(64)));
                p.closedByServer();
            }
        },
        OUT_OF_RANGE_RELEASE {
            @Override
            void act(RawPeer p, Random r, OwnedFd memfd, OwnedFd dir) throws IOException {
                p.readHandshake(3);
                p.release(3 + r.nextInt(Integer.MAX_VALUE - 3) * (r.nextBoolean() ? 1 : -1));
                p.closedByServer();
            }
        },
        DOUBLE_RELEASE {
            @Override
            void act(RawPeer p, Random r, OwnedFd memfd, OwnedFd dir) throws IOException {
                p.readHandshake(3);
                int index = p.readNoticeIndex();
                p.release(index);
                p.release(index);
                p.closedByServer();
            }
        },
        TRUNCATED_RELEASE {
            @Override
            void act(RawPeer p, Random r, OwnedFd memfd, OwnedFd dir) throws IOException {
                p.readHandshake(3);
                p.readNoticeIndex();
                p.write(randomBytes(r, 1 + r.nextInt(3)));
            }
        },
        DESCRIPTORS_WITH_RELEASES {
            @Override
            void act(RawPeer p, Random r, OwnedFd memfd, OwnedFd dir) throws IOException {
                p.readHandshake(3);
                int index = p.readNoticeIndex();
                FileDescriptor kind = FileDescriptorCast.unsafeUsing(switch (r.nextInt(3)) {
                    case 0 -> memfd.fd();
                    case 1 -> dir.fd();
                    default -> FileDescriptorCast.using(p.socket.getFileDescriptor()).as(Integer.class);
                }).getFileDescriptor();
                p.writeWithDescriptors(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(index).array(), kind, kind);
            }
        },
        WELL_BEHAVED_THEN_GONE {
            @Override
            void act(RawPeer p, Random r, OwnedFd memfd, OwnedFd dir) throws IOException {
                p.readHandshake(3);
                p.release(p.readNoticeIndex());
            }
        };

        abstract void act(RawPeer p, Random r, OwnedFd memfd, OwnedFd dir) throws IOException;
    }

    private static byte[] randomBytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    private static void publishUntilClosed(TexlinkServer server) {
        while (!Thread.currentThread().isInterrupted()) {
            WritableFrame f = server.tryBeginFrame();
            if (f != null) {
                server.endFrame(f);
            }
            LockSupport.parkNanos(500_000);
        }
    }

    private static void consume(TexlinkClient good, AtomicLong frames, AtomicReference<Throwable> failure) {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                AcquiredFrame f = good.tryAcquireFrame(50_000_000);
                if (f != null) {
                    good.releaseFrame(f);
                    frames.incrementAndGet();
                }
            }
        } catch (RuntimeException e) {
            failure.set(e);
        }
    }

    private static void awaitNoClients(TexlinkServer server) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (server.clientCount() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(1_000_000);
        }
        assertThat(server.clientCount()).isZero();
    }

}
