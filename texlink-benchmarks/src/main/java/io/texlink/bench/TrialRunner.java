package io.texlink.bench;

import io.texlink.testing.SecondJvm;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one trial: starts the producer JVM, then each consumer JVM once the producer listens, and
 * collects their {@link TrialReport}s. Every JVM is killed when the trial ends, also on failure.
 */
final class TrialRunner {
    /**
     * Options of every trial JVM besides those {@link SecondJvm} sets (FFM access, serial GC):
     * a small heap (frames live off-heap), and Agrona's access to the JDK's Unsafe, which Aeron needs.
     */
    private static final List<String> JVM_OPTIONS = List.of("-Xms64m", "-Xmx512m",
            "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED");
    private static final int OUTPUT_LINES_SHOWN = 15;

    private final Path workDir;
    private int trials;

    /** @param workDir a private directory for the trials' sockets, mappings and Aeron directories */
    TrialRunner(Path workDir) {
        this.workDir = workDir;
    }

    /** @throws TrialFailedException when a JVM fails or does not report in time */
    TrialOutcome run(Cell cell, SuiteSettings settings) {
        // The control block's shared-memory name is the socket's base name (wire spec), so the base
        // name must be unique on the machine, not only in this directory.
        TrialSpec spec = new TrialSpec(cell, settings.warmup().toNanos(), settings.measureNanos(cell),
                workDir.resolve("bench-" + ProcessHandle.current().pid() + "-" + ++trials));
        Duration limit = Duration.ofNanos(spec.warmupNanos() + spec.measureNanos()).plus(settings.slack());
        List<SecondJvm> jvms = new ArrayList<>();
        try {
            SecondJvm producer = SecondJvm.start(JVM_OPTIONS, ProducerMain.class, spec.toArgs());
            jvms.add(producer);
            awaitLine(producer, ProducerMain.LISTENING, System.nanoTime() + settings.slack().toNanos());
            for (int i = 0; i < cell.consumers(); i++) {
                jvms.add(SecondJvm.start(JVM_OPTIONS, ConsumerMain.class, spec.toArgs()));
            }
            long deadline = System.nanoTime() + limit.toNanos();
            List<TrialReport> consumers = new ArrayList<>();
            for (SecondJvm consumer : jvms.subList(1, jvms.size())) {
                consumers.add(TrialReport.parse(awaitLine(consumer, TrialReport.PREFIX, deadline)));
            }
            return new TrialOutcome(TrialReport.parse(awaitLine(producer, TrialReport.PREFIX, deadline)), consumers);
        } catch (AssertionError e) {
            // SecondJvm reports a JVM that printed no expected line this way: its first line says which and
            // why. The cause may be in another JVM's output (a consumer that lost its producer says only that).
            StringBuilder why = new StringBuilder(cell + ": " + e.getMessage().lines().findFirst().orElse("")
                    .replaceFirst("; output:$", ""));
            for (int i = 0; i < jvms.size(); i++) {
                SecondJvm jvm = jvms.get(i);
                why.append('\n').append(i == 0 ? "producer" : "consumer " + i).append(" (pid ").append(jvm.pid())
                        .append(jvm.isAlive() ? ", running" : ", exited").append("):\n").append(lastLines(jvm.output()));
            }
            throw new TrialFailedException(why.toString());
        } finally {
            jvms.forEach(SecondJvm::close);
        }
    }

    /**
     * The JVM's first line starting with {@code prefix}. Waits a second at a time: SecondJvm may
     * notice a JVM that died only when a wait ends, and a trial whose JVM died should fail at once,
     * not after the whole limit.
     */
    private static String awaitLine(SecondJvm jvm, String prefix, long deadline) {
        while (true) {
            try {
                return jvm.awaitLineStartingWith(prefix, Duration.ofSeconds(1));
            } catch (AssertionError e) {
                if (!jvm.isAlive() || System.nanoTime() - deadline > 0) {
                    throw e;
                }
            }
        }
    }

    /**
     * The end of what the JVMs printed, without JDK warnings and stack frames: what failed, and
     * the exceptions' messages and causes (which name the failed call and its result).
     */
    static String lastLines(String text) {
        List<String> lines = text.lines().filter(l -> !l.startsWith("WARNING") && !l.startsWith("\tat ")
                && !l.startsWith("\t... ")).toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - OUTPUT_LINES_SHOWN), lines.size()));
    }
}
