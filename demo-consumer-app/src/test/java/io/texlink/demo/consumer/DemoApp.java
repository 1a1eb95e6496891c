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
 * port; its output goes to a log file that failures quote. Where the jars are not at hand (the GPU
 * machine gets classes and libraries, not the jars: scripts/device-demo-tests.sh), it starts the
 * app's main class on a class path instead.
 */
final class DemoApp implements AutoCloseable {
    private static final Pattern PORT = Pattern.compile("Tomcat started on port (\\d+)");

    /**
     * How to start an app: {@code java -jar} of its jar, or {@code java -cp} with its main class.
     *
     * @param jar       the repackaged jar; null for a class path
     * @param classPath the app's classes and libraries; null for a jar
     * @param mainClass the app's main class
     */
    record Launch(Path jar, String classPath, String mainClass) {

        /**
         * The app described by the system properties {@code <prefix>.classpath} (with
         * {@code mainClass}) when it is set, else {@code <prefix>.jar} (default {@code defaultJar}).
         */
        static Launch of(String prefix, String defaultJar, String mainClass) {
            String classPath = System.getProperty(prefix + ".classpath");
            return classPath != null ? new Launch(null, classPath, mainClass)
                    : new Launch(Path.of(System.getProperty(prefix + ".jar", defaultJar)), null, mainClass);
        }

        /** What follows the JVM flags on the command line. */
        List<String> arguments() {
            if (jar == null) {
                return List.of("-cp", classPath, mainClass);
            }
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(jar + " is missing: run ./mvnw package (DemoPairIT runs after both jars are built)");
            }
            return List.of("-jar", jar.toString());
        }
    }

    private final String label;
    private final Path log;
    private final Process process;

    private DemoApp(String label, Path log, Process process) {
        this.label = label;
        this.log = log;
        this.process = process;
    }

    /** Starts the app with Spring Boot {@code --key=value} arguments; {@code label} names the log file. */
    static DemoApp start(String label, Launch launch, Path logDir, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow", "-XX:TieredStopAtLevel=1"));
        command.addAll(launch.arguments());
        command.add("--server.port=0");
        command.addAll(List.of(args));
        Files.createDirectories(logDir);
        Path log = logDir.resolve(label + ".log");
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
