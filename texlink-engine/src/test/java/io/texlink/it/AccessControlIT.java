package io.texlink.it;

import io.texlink.FrameDescriptor;
import io.texlink.PixelFormat;
import io.texlink.ServerListener;
import io.texlink.ServerOptions;
import io.texlink.TexlinkServer;
import io.texlink.posix.Libc;
import io.texlink.testing.PublicClassPath;
import io.texlink.testing.SecondJvm;
import io.texlink.testing.Sessions;
import io.texlink.transport.PeerIdentity;
import io.texlink.wire.ControlBlockNames;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Consumers of another uid (a JVM started with {@code setpriv} as nobody): refused by default,
 * refused with a reason on both sides when other uids are allowed but not theirs, served when
 * their uid is configured. Needs root (to drop to another uid); skipped elsewhere.
 */
class AccessControlIT {
    private static final int NOBODY = 65534;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final List<String> AS_NOBODY = List.of("setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups");
    private static String classPath;

    @TempDir
    static Path shared;

    @BeforeAll
    static void copyClassPathForAnotherUser() {
        assumeTrue(Libc.getuid() == 0, "needs root to start a JVM as another uid (setpriv)");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs setpriv (util-linux)");
        classPath = PublicClassPath.copyTo(shared.resolve("cp"));
    }

    private static Path socketDir() throws IOException {
        Path dir = shared.resolve("sockets");
        PublicClassPath.openUp(shared);
        PublicClassPath.openUp(dir);
        return dir;
    }

    private static SecondJvm consumerAsNobody(Path socket, String... jvmOptions) {
        return SecondJvm.launch(AS_NOBODY, List.of(jvmOptions), classPath, PatternConsumerMain.class, socket.toString(), "20");
    }

    @Test
    void byDefaultOnlyTheProducersUserMayConnectAndNothingIsReadableByOthers() throws Exception {
        Path socket = Sessions.uniqueSocket(socketDir());
        try (TexlinkServer server = server(socket, Set.of(), ServerListener.NONE)) {
            assertThat(mode(socket)).isEqualTo(0600);
            assertThat(mode(Path.of("/dev/shm", ControlBlockNames.forSocket(socket).substring(1)))).isEqualTo(0600);
            try (SecondJvm consumer = consumerAsNobody(socket)) {
                assertThat(consumer.awaitExit(WAIT)).isNotZero();
                assertThat(consumer.output()).contains("permission denied on " + socket)
                        .contains("uid 0, mode 0600").contains("runs as uid " + NOBODY);
            }
            assertThat(server.clientCount()).isZero();
        }
    }

    @Test
    void aUidThatIsNotAllowedIsRefusedWithAReasonOnBothSides() throws Exception {
        Path socket = Sessions.uniqueSocket(socketDir());
        List<String> refusals = new CopyOnWriteArrayList<>();
        ServerListener listener = new ServerListener() {
            @Override
            public void clientRefused(PeerIdentity peer, String reason) {
                refusals.add(peer.uid() + ": " + reason);
            }
        };
        try (TexlinkServer server = server(socket, Set.of(4242), listener)) {
            try (SecondJvm consumer = consumerAsNobody(socket, "-Dtexlink.trust=0")) {
                assertThat(consumer.awaitExit(WAIT)).isNotZero();
                assertThat(consumer.output()).contains("closed the connection")
                        .contains("this process runs as uid " + NOBODY).contains("producer as uid 0");
            }
            assertThat(refusals).singleElement().asString()
                    .startsWith(NOBODY + ": uid " + NOBODY + " may not connect").contains("allowed uids");
        }
    }

    @Test
    void anAllowedUidIsServedButStillChecksWhoTheProducerIs() throws Exception {
        Path socket = Sessions.uniqueSocket(socketDir());
        try (TexlinkServer server = server(socket, Set.of(NOBODY), ServerListener.NONE);
             PublishingThread publisher = new PublishingThread(server, Duration.ofMillis(2))) {
            publisher.start();
            assertThat(mode(socket)).isEqualTo(0666);
            try (SecondJvm consumer = consumerAsNobody(socket, "-Dtexlink.trust=0")) {
                assertThat(consumer.awaitExit(WAIT)).as(consumer.output()).isZero();
                assertThat(consumer.output()).contains("OK 20");
            }
            try (SecondJvm distrustful = consumerAsNobody(socket)) {
                assertThat(distrustful.awaitExit(WAIT)).isNotZero();
                assertThat(distrustful.output()).contains("is not this user (uid " + NOBODY + ")")
                        .contains("trusted producer uids");
            }
        }
    }

    private static TexlinkServer server(Path socket, Set<Integer> allowed, ServerListener listener) {
        TexlinkServer server = TexlinkServer.create(ServerOptions.builderForSocket(socket,
                FrameDescriptor.texture2d(64, 64, PixelFormat.ABGR8888)).registry(null).allowedUids(allowed)
                .listener(listener).build());
        server.start();
        server.endFrame(server.tryBeginFrame());
        return server;
    }

    private static int mode(Path file) throws IOException {
        return (Integer) Files.getAttribute(file, "unix:mode") & 0777;
    }
}
