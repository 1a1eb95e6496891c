package io.texlink.cli;

import io.texlink.testing.SecondJvm;
import io.texlink.testing.Sessions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line as a user runs it: produce in one JVM, consume and dump from others. */
class TexlinkCliIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void produceConsumeListAndDump() throws Exception {
        Path socket = Sessions.uniqueSocket(dir);
        String name = socket.getFileName().toString().replace(".sock", "");
        try (SecondJvm producer = SecondJvm.start(TexlinkCli.class, "produce", "--socket", socket.toString(),
                "--size", "320x240", "--fps", "200")) {
            producer.awaitLineStartingWith("producing '" + name + "'", WAIT);

            try (SecondJvm consumer = SecondJvm.start(TexlinkCli.class, "consume", "--socket", socket.toString(),
                    "--frames", "100", "--every-row")) {
                assertThat(consumer.awaitExit(WAIT)).as(consumer.output()).isZero();
                assertThat(consumer.output()).contains("consuming '" + name + "'")
                        .contains("acquired 100 frames").contains("0 failed the pattern check");
            }

            Run list = run("list");
            assertThat(list.status).isZero();
            assertThat(list.out).contains(name).contains("alive").contains(socket.toString());

            Path png = dir.resolve("frame.png");
            Run dump = run("dump", name, png.toString(), "--socket", socket.toString());
            assertThat(dump.status).as(dump.err).isZero();
            BufferedImage image = ImageIO.read(png.toFile());
            assertThat(image.getWidth()).isEqualTo(320);
            assertThat(image.getHeight()).isEqualTo(240);
            assertThat(producer.awaitLineStartingWith("frame ", WAIT)).contains("fps").contains("clients");
        }
    }

    @Test
    void mistakesAndMissingSessionsGetTheirOwnExitStatus() {
        Run usage = run("consume", "--frames", "many");
        assertThat(usage.status).isEqualTo(2);
        assertThat(usage.err).contains("--frames wants a whole number").contains("usage: texlink");
        assertThat(run("frobnicate").status).isEqualTo(2);

        Run missing = run("consume", "--socket", dir.resolve("nobody.sock").toString(), "--timeout", "300ms");
        assertThat(missing.status).isEqualTo(3);
        assertThat(missing.err).contains("no producer answered").contains("nobody.sock");
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
