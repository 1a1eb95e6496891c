package io.texlink.it;

import io.texlink.FrameDescriptor;
import io.texlink.PixelFormat;
import io.texlink.ServerOptions;
import io.texlink.TexlinkServer;
import io.texlink.registry.NameRegistry;
import io.texlink.testing.LeakCounters;
import io.texlink.testing.SecondJvm;
import io.texlink.testing.Sessions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Producers and consumers killed with SIGKILL at random points, many times over: consumers come
 * back by themselves, the producer never stalls, and sockets, control blocks, registry entries,
 * descriptors and mappings return to their baseline. {@code -Dtexlink.crash.cycles=N} (default 12).
 */
class CrashRecoveryIT {
    private static final int CYCLES = Integer.getInteger("texlink.crash.cycles", 12);
    private static final long SEED = Long.getLong("texlink.crash.seed", 1125L);
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern STATUS = Pattern.compile("STATUS (.*)");

    @TempDir
    Path dir;

    @Test
    void killedProducersAreReplacedAndTheConsumerServiceResumesEachTime() {
        Random random = new Random(SEED);
        Path socket = Sessions.uniqueSocket(dir);
        Path registryFile = dir.resolve(".registry");
        String[] producerArgs = {socket.toString(), "320", "240", "3", "300", registryFile.toString()};
        try (SecondJvm consumer = SecondJvm.start(ReconnectingConsumerMain.class, socket.toString())) {
            Map<String, String> firstConnected = null;
            for (int cycle = 0; cycle < CYCLES; cycle++) {
                try (SecondJvm producer = SecondJvm.start(PatternProducerMain.class, producerArgs)) {
                    producer.awaitLineStartingWith("READY", WAIT);
                    long expectedConnects = cycle + 1;
                    Map<String, String> status = awaitStatus(consumer, s -> Long.parseLong(s.get("connects"))
                            == expectedConnects && s.get("state").equals("CONNECTED"), cycle);
                    if (firstConnected == null) {
                        firstConnected = status;
                    }
                    LockSupport.parkNanos(Duration.ofMillis(random.nextInt(400)).toNanos()); // mid-stream, at a random frame
                    producer.kill();
                }
                assertThat(LeakCounters.controlBlockExists(socket)).as("a killed producer leaves its control block behind").isTrue();
            }
            try (SecondJvm last = SecondJvm.start(PatternProducerMain.class, producerArgs)) {
                last.awaitLineStartingWith("READY", WAIT);
                Map<String, String> resumed = awaitStatus(consumer, s -> s.get("state").equals("CONNECTED")
                        && Long.parseLong(s.get("connects")) == CYCLES + 1, CYCLES);
                long framesNow = Long.parseLong(resumed.get("frames"));
                resumed = awaitStatus(consumer, s -> Long.parseLong(s.get("frames")) > framesNow + 20, CYCLES);
                assertThat(resumed.get("errors")).isEqualTo("0");
                assertThat(resumed.get("fds")).as("consumer descriptors after %d producer crashes", CYCLES)
                        .isEqualTo(firstConnected.get("fds"));
                assertThat(resumed.get("maps")).as("consumer mappings").isEqualTo(firstConnected.get("maps"));
                assertThat(new NameRegistry(registryFile).list()).as("dead producers evicted from the registry")
                        .singleElement().satisfies(l -> assertThat(l.alive()).isTrue());

                last.process().destroy(); // SIGTERM: the shutdown hook closes the server
                assertThat(last.awaitExit(WAIT)).isNotZero();
            }
            assertThat(Files.exists(socket)).as("socket removed on orderly shutdown").isFalse();
            assertThat(LeakCounters.controlBlockExists(socket)).as("control block removed on orderly shutdown").isFalse();
            assertThat(new NameRegistry(registryFile).list()).as("registry entry removed").isEmpty();
        }
    }

    @Test
    void consumersKilledAnywhereNeverStallTheProducer() throws Exception {
        Random random = new Random(SEED);
        Path socket = Sessions.uniqueSocket(dir);
        FrameDescriptor d = FrameDescriptor.texture2d(320, 240, PixelFormat.ABGR8888);
        try (TexlinkServer server = TexlinkServer.create(ServerOptions.builderForSocket(socket, d).registry(null).build());
             PublishingThread publisher = new PublishingThread(server, Duration.ofMillis(2))) {
            server.start();
            publisher.start();
            long fdsBefore = -1;
            for (int cycle = 0; cycle < CYCLES; cycle++) {
                // Odd cycles hold a frame until killed; the random delay lands in JVM start-up, the handshake or mid-stream.
                String[] args = cycle % 2 == 1 ? new String[] {socket.toString(), "1", "hold"} : new String[] {socket.toString(), "1000000"};
                try (SecondJvm consumer = SecondJvm.start(PatternConsumerMain.class, args)) {
                    LockSupport.parkNanos(Duration.ofMillis(random.nextInt(1500)).toNanos());
                    consumer.kill();
                }
                if (cycle == 0) {
                    awaitNoClients(server);
                    fdsBefore = LeakCounters.openFds();
                }
            }
            awaitNoClients(server);
            long published = publisher.published();
            LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
            assertThat(publisher.published()).as("still publishing").isGreaterThan(published);
            // Killed consumers give their frames back at once: the producer never waited for the stall timeout.
            assertThat(publisher.maxGap()).as("longest pause between publishes").isLessThan(server.options().stallTimeout());
            publisher.pauseAndWait();
            for (int i = 0; i < server.frameCount(); i++) {
                assertThat(server.references(i)).isZero();
            }
            assertThat(LeakCounters.openFdsSettlingAt(fdsBefore, Duration.ofSeconds(10)))
                    .as("producer descriptors: %s", LeakCounters.describeFds()).isEqualTo(fdsBefore);
        }
        assertThat(LeakCounters.controlBlockExists(socket)).isFalse();
    }

    /** Waits until the consumer's latest STATUS line satisfies {@code condition}. */
    private static Map<String, String> awaitStatus(SecondJvm consumer, java.util.function.Predicate<Map<String, String>> condition, int cycle) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Map<String, String> status = lastStatus(consumer);
            if (status != null && condition.test(status)) {
                return status;
            }
            LockSupport.parkNanos(20_000_000);
        }
        throw new AssertionError("cycle " + cycle + ": consumer status never matched; output:\n" + consumer.output());
    }

    private static Map<String, String> lastStatus(SecondJvm consumer) {
        String line = consumer.output().lines().filter(l -> l.startsWith("STATUS")).reduce((a, b) -> b).orElse(null);
        if (line == null) {
            return null;
        }
        Matcher m = STATUS.matcher(line);
        m.matches();
        return java.util.Arrays.stream(m.group(1).split(" "))
                .map(kv -> kv.split("=", 2)).collect(Collectors.toMap(kv -> kv[0], kv -> kv[1]));
    }

    private static void awaitNoClients(TexlinkServer server) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (server.clientCount() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(1_000_000);
        }
        assertThat(server.clientCount()).isZero();
    }
}
