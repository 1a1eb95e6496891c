package io.texlink.hostile;

import io.texlink.AcquiredFrame;
import io.texlink.ClientOptions;
import io.texlink.TexlinkClient;
import io.texlink.TexlinkException;
import io.texlink.posix.Libc;
import io.texlink.posix.OwnedFd;
import io.texlink.posix.SealedMemfd;
import io.texlink.testing.LeakCounters;
import io.texlink.testing.Sessions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.FileDescriptorCast;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Random lying producers against the real client: mutated handshakes, descriptors of every kind,
 * truncated streams and random notices. Each connection either works or fails with a
 * {@link TexlinkException}; nothing else escapes, the JVM survives, and no descriptor or mapping is
 * left behind. Seeded ({@code -Dtexlink.fuzz.seed=...}).
 */
class LiveClientFuzzTest {
    private static final int CASES = Integer.getInteger("texlink.fuzz.client.cases", 1_000);
    private static final long SEED = Long.getLong("texlink.fuzz.seed", 20261125L);

    @TempDir
    Path dir;

    @Test
    void randomProducersGetTypedErrorsAndLeaveNothingBehind() throws Exception {
        WarmUp.oneSession(dir);
        long fdsBefore = LeakCounters.openFds();
        Random random = new Random(SEED);
        int worked = 0;
        int refused = 0;
        for (int n = 0; n < CASES; n++) {
            long caseSeed = random.nextLong();
            Path socket = Sessions.uniqueSocket(dir);
            try (FakeProducer producer = new FakeProducer(socket, (p, c) -> lie(p, c, new Random(caseSeed)))) {
                try (TexlinkClient client = TexlinkClient.connect(ClientOptions.builderForSocket(socket).registry(null)
                        .connectTimeout(Duration.ofMillis(500)).build())) {
                    AcquiredFrame f = client.tryAcquireFrame(Duration.ofMillis(50).toNanos());
                    if (f != null) {
                        client.releaseFrame(f);
                    }
                    worked++;
                } catch (TexlinkException e) {
                    refused++;
                } catch (RuntimeException e) {
                    fail("case %d (seed %d, case seed %d) escaped as %s", n, SEED, caseSeed, e);
                }
            }
        }
        System.out.printf("live client fuzz: %d cases (seed %d): %d connected, %d refused with a typed error%n",
                CASES, SEED, worked, refused);
        assertThat(refused).isPositive();
        assertThat(worked).isPositive();
        assertThat(LeakCounters.openFds()).as("descriptors: %s", LeakCounters.describeFds()).isEqualTo(fdsBefore);
        assertThat(LeakCounters.texlinkMappings()).isZero();
    }

    /** One random lie, then hang up (so no case waits for a timeout). */
    private static void lie(FakeProducer p, AFUNIXSocket c, Random r) throws Exception {
        int buffers = 1 + r.nextInt(3);
        p.createControlBlock(buffers);
        byte[] handshake = p.handshake(buffers, FakeProducer.SMALL);
        if (r.nextInt(3) == 0) {
            for (int flips = 1 + r.nextInt(6); flips > 0; flips--) {
                handshake[r.nextInt(handshake.length)] = (byte) r.nextInt(256);
            }
        }
        if (r.nextInt(8) == 0) {
            FakeProducer.send(c, Arrays.copyOf(handshake, r.nextInt(handshake.length)));
            c.close();
            return;
        }
        FakeProducer.send(c, handshake);
        for (int i = 0; i < buffers; i++) {
            sendRandomBuffer(c, r);
        }
        for (int notices = r.nextInt(4); notices > 0; notices--) {
            byte[] notice = new byte[24];
            if (r.nextBoolean()) {
                r.nextBytes(notice);
            } else {
                notice[0] = (byte) (1 + r.nextInt(100));
                notice[8] = (byte) r.nextInt(buffers);
            }
            FakeProducer.send(c, notice);
        }
        c.close();
    }

    private static void sendRandomBuffer(AFUNIXSocket c, Random r) throws Exception {
        long size = FakeProducer.SMALL.size();
        switch (r.nextInt(10)) { // half the buffers are good, so later steps get exercised too
            case 0 -> {
                try (OwnedFd fd = new OwnedFd(Libc.memfdCreate("unsealed", Libc.MFD_CLOEXEC))) {
                    Libc.ftruncate(fd.fd(), size);
                    FakeProducer.sendDescriptors(c, fd.fd());
                }
            }
            case 1 -> {
                try (OwnedFd fd = SealedMemfd.create("small", 1 + r.nextInt((int) size))) {
                    FakeProducer.sendDescriptors(c, fd.fd());
                }
            }
            case 2 -> FakeProducer.sendDescriptors(c, FileDescriptorCast.using(c.getFileDescriptor()).as(Integer.class));
            case 3 -> FakeProducer.send(c, new byte[] {0}); // no descriptor at all
            case 4 -> {
                try (OwnedFd a = SealedMemfd.create("a", size); OwnedFd b = SealedMemfd.create("b", size)) {
                    FakeProducer.sendDescriptors(c, a.fd(), b.fd());
                }
            }
            default -> {
                try (OwnedFd fd = SealedMemfd.create("good", size)) {
                    FakeProducer.sendDescriptors(c, fd.fd());
                }
            }
        }
    }
}
