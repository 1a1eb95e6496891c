package io.texlink.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Runs the CPU benchmark suite and writes {@code docs/benchmarks.md} with its plots.
 *
 * <p>{@code BenchmarkSuite [--quick] [--out DIR] [--machine-note TEXT]}: every round runs every cell of {@link SuitePlan}
 * once, in the same order (A, B, C, A, B, C, ...), so slow spells of a shared machine hit all
 * methods alike. Each trial is a fresh producer JVM and fresh consumer JVMs. The report goes to
 * {@code DIR/benchmarks.md} and the plots to {@code DIR/benchmarks/} (DIR defaults to docs); the
 * machine note, e.g. "a 2-core VM shared with other work", is printed beside the machine.
 */
public final class BenchmarkSuite {
    private static final String PLOT_FOLDER = "benchmarks";

    private BenchmarkSuite() {
    }

    public static void main(String[] args) throws IOException {
        SuiteSettings settings = SuiteSettings.full();
        Path out = Path.of("docs");
        String machineNote = "";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> settings = SuiteSettings.quick();
                case "--out" -> out = Path.of(args[++i]);
                case "--machine-note" -> machineNote = args[++i];
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; use [--quick] [--out DIR] [--machine-note TEXT]");
            }
        }
        SuiteResults results = run(settings, SuitePlan.full(), System.out::println);
        Path report = writeReport(results, out, machineNote);
        System.out.println("wrote " + report + " and its plots in " + out.resolve(PLOT_FOLDER));
    }

    /**
     * Writes {@code benchmarks.md} into {@code out} and the plots into its {@value #PLOT_FOLDER}
     * folder. The hand-written analysis below the note marker of an existing report is kept.
     */
    public static Path writeReport(SuiteResults results, Path out, String machineNote) throws IOException {
        Path plots = out.resolve(PLOT_FOLDER);
        Files.createDirectories(plots);
        List<PlotWriter.Plot> written = PlotWriter.write(results, plots);
        Path report = out.resolve("benchmarks.md");
        String note = "";
        if (Files.exists(report)) {
            String old = Files.readString(report);
            int marker = old.indexOf(MarkdownReport.NOTE_MARKER);
            note = marker < 0 ? "" : old.substring(marker + MarkdownReport.NOTE_MARKER.length()).stripLeading();
        }
        Files.writeString(report, new MarkdownReport(results, Path.of(PLOT_FOLDER), written, machineNote).render()
                + (note.isEmpty() ? "" : "\n" + note));
        return report;
    }

    /**
     * Runs {@code settings.rounds()} rounds of {@code cells}; {@code log} gets a line per trial. A
     * trial the {@link TrialGate} refuses (past the budget, or of a method that only failed) is
     * not started, and its cell records why.
     */
    public static SuiteResults run(SuiteSettings settings, List<Cell> cells, Consumer<String> log) throws IOException {
        Instant started = Instant.now();
        TrialGate gate = new TrialGate(settings, System.nanoTime());
        Map<Cell, CellResult> results = new LinkedHashMap<>();
        cells.forEach(c -> results.put(c, new CellResult(c)));
        Path shm = Path.of("/dev/shm");
        Path workDir = Files.createTempDirectory(Files.isDirectory(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir")),
                "texlink-bench-");
        try {
            TrialRunner runner = new TrialRunner(workDir);
            for (int round = 1; round <= settings.rounds(); round++) {
                int n = 0;
                for (Cell cell : cells) {
                    String where = String.format(Locale.ROOT, "round %d/%d, trial %d/%d: %s", round, settings.rounds(), ++n,
                            cells.size(), cell);
                    Optional<String> refusal = gate.refusal(cell, System.nanoTime());
                    if (refusal.isPresent()) {
                        results.get(cell).addFailure(cell + ": not run in round " + round + ": " + refusal.get());
                        log.accept(where + " -> NOT RUN: " + refusal.get());
                        continue;
                    }
                    try {
                        TrialOutcome outcome = runner.run(cell, settings);
                        gate.ran(cell, true);
                        results.get(cell).add(outcome);
                        log.accept(where + " -> " + Formats.summary(cell, outcome));
                    } catch (TrialFailedException e) {
                        gate.ran(cell, false);
                        results.get(cell).addFailure(e.getMessage());
                        log.accept(where + " -> FAILED " + e.getMessage());
                    }
                }
            }
        } finally {
            deleteTree(workDir);
        }
        return new SuiteResults(settings, MachineInfo.current(), results, started, Duration.between(started, Instant.now()));
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
