package io.texlink.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real second JVM for cross-process tests: same JDK, same class path, FFM enabled. Its stdout
 * and stderr are collected line by line so a test can wait for a line ("READY") and show the
 * output when it fails. Close kills it (SIGKILL) if it still runs.
 */
public final class SecondJvm implements AutoCloseable {
    private final Process process;
    private final List<String> lines = new ArrayList<>();
    /** Set (under the lines' lock) once the output ended: nothing more can arrive. */
    private boolean outputEnded;
    private final Thread pump;

    private SecondJvm(Process process) {
        this.process = process;
        this.pump = Thread.ofPlatform().daemon().name("second-jvm-output-" + process.pid()).start(this::pumpOutput);
    }

    /** Starts {@code mainClass} with {@code args} on this JVM's class path. */
    public static SecondJvm start(Class<?> mainClass, String... args) {
        return start(List.of(), mainClass, args);
    }

    /** Starts {@code mainClass} with extra JVM options (e.g. system properties). */
    public static SecondJvm start(List<String> jvmOptions, Class<?> mainClass, String... args) {
        return launch(List.of(), jvmOptions, System.getProperty("java.class.path"), mainClass, args);
    }

    /**
     * Starts {@code mainClass} through {@code launcher} (e.g. {@code setpriv --reuid=65534 ...}) with
     * its own class path, for a JVM that runs as another user.
     */
    public static SecondJvm launch(List<String> launcher, List<String> jvmOptions, String classPath, Class<?> mainClass,
                                   String... args) {
        List<String> command = new ArrayList<>(launcher);
        command.addAll(java(jvmOptions));
        command.add("-cp");
        command.add(classPath);
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        return start(new ProcessBuilder(command).redirectErrorStream(true));
    }

    /** This JDK's {@code java} with the flags every second JVM gets, then {@code jvmOptions}. */
    public static List<String> java(List<String> jvmOptions) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow", "-XX:+UseSerialGC",
                "-Xshare:auto"));
        command.addAll(jvmOptions);
        return command;
    }

    /**
     * Starts the process {@code builder} describes (e.g. {@code java -jar}) and collects its
     * standard output, and its error output where the builder merges the two.
     */
    public static SecondJvm start(ProcessBuilder builder) {
        try {
            return new SecondJvm(builder.start());
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a second JVM: " + e.getMessage(), e);
        }
    }

    private void pumpOutput() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                }
            }
        } catch (IOException ignored) {
            // the process ended
        }
        synchronized (lines) {
            outputEnded = true;
            lines.notifyAll(); // a waiter for a line that will never come wakes up now, not at its timeout
        }
    }

    /** Waits until a line matching {@code condition} appears; fails with the output so far. */
    public String awaitLine(Predicate<String> condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lines) {
            int seen = 0;
            while (true) {
                for (; seen < lines.size(); seen++) {
                    if (condition.test(lines.get(seen))) {
                        return lines.get(seen);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || outputEnded) {
                    throw new AssertionError("second JVM (pid " + process.pid() + ") printed no expected line within "
                            + timeout.toMillis() + " ms; alive=" + process.isAlive() + "; output:\n" + output());
                }
                try {
                    lines.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted", e);
                }
            }
        }
    }

    /** Waits for a line that starts with {@code prefix}. */
    public String awaitLineStartingWith(String prefix, Duration timeout) {
        return awaitLine(l -> l.startsWith(prefix), timeout);
    }

    /** Waits for the exit; fails with the output if it does not exit in time. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("second JVM (pid " + process.pid() + ") still runs after " + timeout.toMillis()
                        + " ms; output:\n" + output());
            }
            pump.join(2_000);
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** SIGKILL, as a crash would end it; waits for it to be gone. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The process, e.g. for {@code destroy()} (SIGTERM, an orderly shutdown). */
    public Process process() {
        return process;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Everything it printed so far. */
    public String output() {
        synchronized (lines) {
            return String.join("\n", lines);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }
}
