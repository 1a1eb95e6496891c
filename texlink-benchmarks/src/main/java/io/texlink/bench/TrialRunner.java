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
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration EXIT_SLACK = Duration.ofSeconds(120);
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
        Duration limit = Duration.ofNanos(spec.warmupNanos() + spec.measureNanos()).plus(EXIT_SLACK);
        List<SecondJvm> jvms = new ArrayList<>();
        try {
            SecondJvm producer = SecondJvm.start(JVM_OPTIONS, ProducerMain.class, spec.toArgs());
            jvms.add(producer);
            producer.awaitLineStartingWith(ProducerMain.LISTENING, START_TIMEOUT);
            for (int i = 0; i < cell.consumers(); i++) {
                jvms.add(SecondJvm.start(JVM_OPTIONS, ConsumerMain.class, spec.toArgs()));
            }
            long deadline = System.nanoTime() + limit.toNanos();
            List<TrialReport> consumers = new ArrayList<>();
            for (SecondJvm consumer : jvms.subList(1, jvms.size())) {
                consumers.add(awaitReport(consumer, deadline));
            }
            return new TrialOutcome(awaitReport(producer, deadline), consumers);
        } catch (AssertionError e) {
            // SecondJvm reports a JVM that printed no expected line this way, with all it printed.
            throw new TrialFailedException(cell + ": " + lastLines(e.getMessage()));
        } finally {
            jvms.forEach(SecondJvm::close);
        }
    }

    /**
     * The JVM's report line. Waits a second at a time: SecondJvm notices a JVM that died only when
     * a wait ends, and a trial whose consumer died should fail at once, not after the whole limit.
     */
    private static TrialReport awaitReport(SecondJvm jvm, long deadline) {
        while (true) {
            try {
                return TrialReport.parse(jvm.awaitLineStartingWith(TrialReport.PREFIX, Duration.ofSeconds(1)));
            } catch (AssertionError e) {
                if (!jvm.isAlive() || System.nanoTime() - deadline > 0) {
                    throw e;
                }
            }
        }
    }

    private static String lastLines(String text) {
        List<String> lines = text.lines().filter(l -> !l.startsWith("WARNING")).toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - OUTPUT_LINES_SHOWN), lines.size()));
    }
}
