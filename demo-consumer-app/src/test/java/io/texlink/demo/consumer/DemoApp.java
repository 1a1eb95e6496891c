package io.texlink.demo.consumer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One demo application started the way an operator starts it (and the systemd units do),
 * {@code java -jar} of its repackaged jar with the JVM flags FFM and LWJGL need, on a free HTTP
 * port; its output goes to a log file that failures quote.
 */
final class DemoApp implements AutoCloseable {
    private static final Pattern PORT = Pattern.compile("Tomcat started on port (\\d+)");

    private final String label;
    private final Path log;
    private final Process process;

    private DemoApp(String label, Path log, Process process) {
        this.label = label;
        this.log = log;
        this.process = process;
    }

    /** Starts {@code jar} with Spring Boot {@code --key=value} arguments; {@code label} names the log file. */
    static DemoApp start(String label, Path jar, Path logDir, String... args) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run ./mvnw package (DemoPairIT runs after both jars are built)");
        }
        Files.createDirectories(logDir);
        Path log = logDir.resolve(label + ".log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow", "-XX:TieredStopAtLevel=1",
                "-jar", jar.toString(), "--server.port=0"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new DemoApp(label, log, process);
    }

    /** Waits for the web server and returns its port. */
    int awaitPort(Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher m = PORT.matcher(output());
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            if (!process.isAlive()) {
                throw new AssertionError(label + " exited with " + process.exitValue() + " before its web server started:\n" + output());
            }
            Thread.sleep(100);
        }
        throw new AssertionError(label + " did not start its web server within " + timeout + ":\n" + output());
    }

    /** SIGKILL, as a crash ends it: no shutdown hook runs. */
    void kill() {
        try {
            process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM, as systemd stops it; returns the exit code after the graceful shutdown. */
    int stop(Duration timeout) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(label + " still runs " + timeout + " after SIGTERM");
        }
        return process.exitValue();
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Everything it logged so far. */
    String output() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }
}
