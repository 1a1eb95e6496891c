package io.texlink.cli;

import io.texlink.testing.Sessions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command line as a user runs it: {@code java -jar} of the CLI jar, a JVM per command, a
 * producer in one and consumers, {@code list} and {@code dump} in others; Ctrl-C and SIGTERM sent
 * with kill(1); the C locale for the output's encoding.
 */
class TexlinkCliIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    /**
     * The producers' stall timeout: a consumer JVM that a loaded machine starves for longer than
     * the default 2 s would be dropped, and the frame it held rewritten.
     */
    private static final String STALL = "--stall-timeout";
    private static final String PATIENT = "1m";
    private static final Pattern REPORT_LATENCY = Pattern.compile(
            ".*latency p50 \\d+ (us|ms)  p99 \\d+ (us|ms)  max \\d+ (us|ms)$");

    @TempDir
    Path dir;

    @Test
    void aSessionNamedByItsWordIsProducedConsumedListedAndDumped() throws Exception {
        String name = uniqueName();
        try (CliProcess producer = CliProcess.start(dir, "produce", name, "--size", "320x240", "--fps", "200",
                STALL, PATIENT)) {
            producer.output().awaitLineStartingWith("producing '" + name + "' on /tmp/texlink/" + name + ".sock", WAIT);

            try (CliProcess consumer = CliProcess.start(dir, "consume", name, "--frames", "100", "--every-row")) {
                assertThat(consumer.awaitExit(WAIT)).as(consumer.output().output() + consumer.errors()).isZero();
                assertThat(consumer.output().output()).contains("consuming '" + name + "'")
                        .contains("acquired 100 frames").contains("0 failed the pattern check");
            }

            Run list = run("list");
            assertThat(list.status).isZero();
            assertThat(list.out).contains(name).contains("alive").contains("/tmp/texlink/" + name + ".sock");

            Path png = dir.resolve("frame.png");
            try (CliProcess dump = CliProcess.start(dir, "dump", name, png.toString())) {
                assertThat(dump.awaitExit(WAIT)).as(dump.errors()).isZero();
            }
            BufferedImage image = ImageIO.read(png.toFile());
            assertThat(image.getWidth()).isEqualTo(320);
            assertThat(image.getHeight()).isEqualTo(240);
            // Above the frame number's box: the card's colour bars, the stamp masked off.
            assertThat(image.getRGB(20, 10) & 0xFCFCFC).as("the first colour bar, 75 %% white").isEqualTo(0xBCBCBC);
            assertThat(image.getRGB(300, 10) & 0xFCFCFC).as("the last colour bar, 75 %% blue").isEqualTo(0x0000BC);
            assertThat(producer.output().awaitLineStartingWith("frame ", WAIT)).contains("fps").contains("clients");
        }
    }

    @ParameterizedTest(name = "SIG{0}")
    @ValueSource(strings = { "INT", "TERM" })
    void aSignalEndsProduceAndConsumeWithOneSummaryLineAndNoStackTrace(String signal) throws Exception {
        Path socket = Sessions.uniqueSocket(dir);
        try (CliProcess producer = producing(socket, "--fps", "100", STALL, PATIENT)) {
            try (CliProcess consumer = CliProcess.start(dir, "consume", "--socket", socket.toString(), "--every-row")) {
                consumer.output().awaitLineStartingWith("frames ", WAIT); // it has run a second
                consumer.signal(signal);
                assertThat(consumer.awaitExit(WAIT)).as("consume's exit status after SIG%s", signal).isZero();
                assertThat(consumer.output().awaitLineStartingWith("acquired ", WAIT))
                        .contains("0 failed the pattern check").endsWith("; stopped by SIG" + signal);
                assertThat(consumer.output().output().lines().filter(l -> l.startsWith("acquired "))).hasSize(1);
                assertNoStackTrace(consumer);
            }
            producer.signal(signal);
            assertThat(producer.awaitExit(WAIT)).as("produce's exit status after SIG%s", signal).isZero();
            assertThat(producer.output().awaitLineStartingWith("published ", WAIT)).endsWith(", stopped by SIG" + signal);
            assertNoStackTrace(producer);
            assertThat(socket).as("the socket, removed on the way out").doesNotExist();
        }
    }

    @Test
    void aConsumerWhoseProducerStopsEndsWithStatus3AndNoStackTrace() throws Exception {
        Path socket = Sessions.uniqueSocket(dir);
        try (CliProcess producer = producing(socket, STALL, PATIENT);
             CliProcess consumer = CliProcess.start(dir, "consume", "--socket", socket.toString(), "--timeout", "30s")) {
            consumer.output().awaitLineStartingWith("frames ", WAIT);
            producer.signal("INT");
            assertThat(producer.awaitExit(WAIT)).isZero();
            assertThat(consumer.awaitExit(WAIT)).isEqualTo(3);
            assertThat(consumer.output().output()).contains("producer lost: ").contains("acquired ");
            assertNoStackTrace(consumer);
        }
    }

    @Test
    void aConsumerTheProducerDropsForStallingEndsWithStatus3AndNoBadFrame() throws Exception {
        Path socket = Sessions.uniqueSocket(dir);
        try (CliProcess producer = producing(socket, "--fps", "10", STALL, "300ms");
             CliProcess consumer = CliProcess.start(dir, "consume", "--socket", socket.toString(), "--every-row")) {
            consumer.output().awaitLineStartingWith("consuming '", WAIT);
            if (consumer.output().isAlive()) { // else a starved start-up already stalled it: the same outcome
                consumer.signal("STOP"); // it holds its buffers and reads nothing: the producer stalls, then drops it
                long before = producer.output().output().lines().count();
                AtomicLong line = new AtomicLong();
                producer.output().awaitLine(l -> line.incrementAndGet() > before && l.contains("clients 0"), WAIT);
                consumer.signal("CONT");
            }
            assertThat(consumer.awaitExit(WAIT)).isEqualTo(3);
            assertThat(consumer.output().output()).contains("producer lost").doesNotContain("BAD FRAME");
            assertNoStackTrace(consumer);
        }
    }

    @Test
    void latenciesPrintInAsciiWhereTheOutputHasNoMicroSign() throws Exception {
        Path socket = Sessions.uniqueSocket(dir);
        try (CliProcess producer = producing(socket, "--fps", "200", STALL, PATIENT)) {
            assertReportsUse("us", Map.of("LC_ALL", "C"), List.of(), socket);
            assertReportsUse("us", Map.of("LC_ALL", "C.UTF-8"), List.of("-Dstdout.encoding=US-ASCII"), socket);
            assertReportsUse("µs", Map.of("LC_ALL", "C.UTF-8"), List.of(), socket);
        }
    }

    /** A consumer in {@code environment} prints its latencies in {@code micro} or ms, and nothing it cannot encode. */
    private void assertReportsUse(String micro, Map<String, String> environment, List<String> jvmOptions, Path socket)
            throws IOException, InterruptedException {
        try (CliProcess consumer = CliProcess.start(dir, environment, jvmOptions, "consume", "--socket", socket.toString())) {
            consumer.output().awaitLineStartingWith("frames ", WAIT);
            consumer.signal("INT");
            assertThat(consumer.awaitExit(WAIT)).as(consumer.errors()).isZero();
            String out = consumer.output().output();
            List<String> reports = out.lines().filter(l -> l.startsWith("frames ")).toList();
            assertThat(reports).isNotEmpty();
            assertThat(reports).allMatch(l -> REPORT_LATENCY.matcher(l.replace("µs", "us")).matches(), "a latency report");
            assertThat(out).as("with %s %s", environment, jvmOptions).doesNotContain("?")
                    .doesNotContain(micro.equals("us") ? "µs" : " us");
        }
    }

    @Test
    void aSessionThatIsNowhereFailsAtOnceAndNamesTheLiveOnes() {
        String live = uniqueName();
        String missing = uniqueName();
        try (CliProcess producer = CliProcess.start(dir, "produce", live, "--size", "64x64", "--fps", "10")) {
            producer.output().awaitLineStartingWith("producing '" + live + "'", WAIT);
            // A timeout of ten minutes: an exit within WAIT shows it was not waited out.
            for (List<String> command : List.of(List.of("consume", missing, "--timeout", "10m"),
                    List.of("dump", missing, dir.resolve("x.png").toString(), "--timeout", "10m"))) {
                try (CliProcess lookup = CliProcess.start(dir, command.toArray(String[]::new))) {
                    assertThat(lookup.awaitExit(WAIT)).as("%s", command).isEqualTo(3);
                    assertThat(lookup.errors()).contains("no session '" + missing + "'").contains("/tmp/texlink/.registry")
                            .contains("live sessions: ").contains(live);
                    assertNoStackTrace(lookup);
                }
            }
            try (CliProcess lookup = CliProcess.start(dir, "consume", "--socket", dir.resolve("nobody.sock").toString(),
                    "--timeout", "10m")) {
                assertThat(lookup.awaitExit(WAIT)).isEqualTo(3);
                assertThat(lookup.errors()).contains(dir.resolve("nobody.sock") + " does not exist").contains(live);
            }
        }
    }

    @Test
    void everyCommandExplainsItselfWithHelp() {
        Map<String, List<String>> options = Map.of(
                "list", List.of("registry"),
                "produce", List.of("NAME", "--name", "--socket", "--size", "--format", "--fps", "--buffers", "--frames",
                        "--pattern", "--stall-timeout", "--allow-uid"),
                "consume", List.of("NAME", "--name", "--socket", "--frames", "--timeout", "--wait", "--every-row", "--quiet"),
                "dump", List.of("NAME", "OUT.png", "--name", "--socket", "--timeout"));
        options.forEach((command, documented) -> {
            for (List<String> asked : List.of(List.of(command, "--help"), List.of(command, "-h"), List.of("help", command))) {
                Run help = run(asked.toArray(String[]::new));
                assertThat(help.status).as("%s", asked).isZero();
                assertThat(help.out).startsWith("usage: texlink " + command).contains(documented);
            }
            assertThat(run("--help").out).contains("  " + command);
        });
        try (CliProcess help = CliProcess.start(dir, "consume", "--help")) {
            assertThat(help.awaitExit(WAIT)).isZero();
            assertThat(help.output().output()).startsWith("usage: texlink consume");
        }
    }

    @Test
    void mistakesGetTheUsageAndStatus2() {
        Run usage = run("consume", "--frames", "many");
        assertThat(usage.status).isEqualTo(2);
        assertThat(usage.err).contains("--frames wants a whole number").contains("usage: texlink consume")
                .contains("texlink consume --help");
        assertThat(run().status).isEqualTo(2);
        assertThat(run().err).contains("usage: texlink <command>");
        assertThat(run("frobnicate").err).contains("unknown command 'frobnicate'");
        assertThat(run("produce", "cam", "cam2").err).contains("unexpected 'cam2'");
        assertThat(run("consume", "cam", "--name", "cam2").err).contains("the session is named twice");
        assertThat(run("consume", "cam", "--socket", "/run/other.sock").err).contains("is session 'other', not 'cam'");
        assertThat(run("dump", "cam").err).contains("dump wants a session and an output file");
        assertThat(run("produce", "--format", "RGB").err).contains("--format wants one of R8, ARGB8888");
        assertThat(run("produce", "--pattern", "plaid").err).contains("--pattern wants card or stripes");
        assertThat(run("produce", "../escape").err).contains("session name '../escape' is invalid");
        for (String[] args : new String[][] { { "produce", "cam", "cam2" }, { "dump", "cam" }, { "produce", "--fps", "-1" } }) {
            assertThat(run(args).status).as("%s", List.of(args)).isEqualTo(2);
        }
    }

    /** {@code texlink produce --socket SOCKET --size 160x120 OPTIONS}, once it says it is producing. */
    private CliProcess producing(Path socket, String... options) {
        List<String> args = new ArrayList<>(List.of("produce", "--socket", socket.toString(), "--size", "160x120"));
        args.addAll(List.of(options));
        CliProcess producer = CliProcess.start(dir, args.toArray(String[]::new));
        try {
            producer.output().awaitLineStartingWith("producing '", WAIT);
        } catch (AssertionError e) {
            producer.close();
            throw e;
        }
        return producer;
    }

    private static void assertNoStackTrace(CliProcess process) {
        assertThat(process.errors() + process.output().output()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    private String uniqueName() {
        return Sessions.uniqueSocket(dir).getFileName().toString().replace(".sock", "");
    }

    private record Run(int status, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = TexlinkCli.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
