package io.texlink.cli;

import io.texlink.testing.SecondJvm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command line as a user starts it: {@code java -jar texlink-engine-<version>-cli.jar} in a
 * JVM of its own, its error output kept apart from its output so a test sees what went there.
 *
 * <p>SIGINT and SIGTERM are reset to their defaults for it ({@code env --default-signal}): a
 * process inherits ignored signals, and a build started in the background of a non-interactive
 * shell ignores SIGINT, which the JVM then never takes over.
 */
final class CliProcess implements AutoCloseable {
    private final SecondJvm jvm;
    private final Path errors;

    private CliProcess(SecondJvm jvm, Path errors) {
        this.jvm = jvm;
        this.errors = errors;
    }

    /**
     * Starts {@code texlink ARGS} with {@code environment} added to this process's, and JVM
     * options before {@code -jar}; its error output goes to a file in {@code dir}.
     */
    static CliProcess start(Path dir, Map<String, String> environment, List<String> jvmOptions, String... args) {
        List<String> command = new ArrayList<>(List.of("env", "--default-signal=INT,TERM"));
        command.addAll(SecondJvm.java(jvmOptions));
        command.add("-jar");
        command.add(jar().toString());
        command.addAll(List.of(args));
        Path errors = dir.resolve("stderr-" + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36) + ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(errors.toFile());
        builder.environment().putAll(environment);
        return new CliProcess(SecondJvm.start(builder), errors);
    }

    static CliProcess start(Path dir, String... args) {
        return start(dir, Map.of(), List.of(), args);
    }

    /** The jar {@code package} built; integration tests run after it. */
    static Path jar() {
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(Path.of("target"), "texlink-engine-*-cli.jar")) {
            for (Path jar : jars) {
                return jar.toAbsolutePath();
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot look for the CLI jar in target/: " + e.getMessage(), e);
        }
        throw new IllegalStateException("target/texlink-engine-*-cli.jar is missing: run ./mvnw -pl texlink-engine package first");
    }

    /** Its standard output so far, line by line. */
    SecondJvm output() {
        return jvm;
    }

    /** Everything it wrote to standard error so far. */
    String errors() {
        try {
            return Files.readString(errors, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + errors + ": " + e.getMessage(), e);
        }
    }

    /** Sends signal {@code name} ("INT", "TERM") with kill(1). */
    void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(jvm.pid())).redirectErrorStream(true).start();
        assertThat(kill.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(kill.exitValue()).as("kill -%s %d", name, jvm.pid()).isZero();
    }

    /** Waits for the exit and returns the status, failing with both outputs if it does not come within {@code timeout}. */
    int awaitExit(Duration timeout) {
        try {
            return jvm.awaitExit(timeout);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\nstderr:\n" + errors(), e);
        }
    }

    @Override
    public void close() {
        jvm.close();
    }
}
