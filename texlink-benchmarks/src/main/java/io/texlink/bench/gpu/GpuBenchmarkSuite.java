package io.texlink.bench.gpu;

import io.texlink.bench.BenchmarkSuite;
import io.texlink.bench.Cell;
import io.texlink.bench.Method;
import io.texlink.bench.SuiteResults;
import io.texlink.bench.SuiteSettings;
import io.texlink.cuda.CudaContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs the GPU benchmarks of issue 7 and writes {@value #MARKDOWN} and {@value #CSV} into an output
 * folder: texlink's Vulkan → CUDA handoff beside GPU readback + CPU copy + upload and beside CUDA
 * IPC, at 1080p and 4K, paced and flat out ({@link GpuPlan}). Each trial is a fresh producer JVM
 * and a fresh consumer JVM, run by the CPU suite's harness.
 *
 * <p>{@code GpuBenchmarkSuite [--quick] [--out DIR]} (DIR defaults to the working directory). Where
 * there is no CUDA it prints why and exits 0 having run and written nothing; methods that need
 * what the machine lacks (Vulkan, timeline semaphores) are reported as not run, with the reason.
 */
public final class GpuBenchmarkSuite {
    /** The markdown fragment's file name. */
    public static final String MARKDOWN = "gpu-benchmarks.md";
    /** The CSV file's name. */
    public static final String CSV = "gpu-benchmarks.csv";

    private GpuBenchmarkSuite() {
    }

    public static void main(String[] args) throws IOException {
        SuiteSettings settings = GpuPlan.full();
        Path out = Path.of(".");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> settings = GpuPlan.quick();
                case "--out" -> out = Path.of(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i] + "; use [--quick] [--out DIR]");
            }
        }
        GpuMachine machine = GpuMachine.probe();
        System.out.println("GPU: " + machine.gpu() + "\nnvidia-smi: " + machine.nvidiaSmi() + "\nCUDA: "
                + machine.cuda().reason() + "\nVulkan: " + machine.vulkan());
        if (!machine.cuda().available()) {
            System.out.println("GPU benchmarks not run: no CUDA here (" + machine.cuda().reason() + ")");
            return;
        }
        // Held for the whole run: where the driver's persistence mode is off, the GPU is torn down whenever
        // no process holds it, and every trial JVM would wait for it to come up again. It stays idle.
        CudaContext warm = CudaContext.open(0);
        GpuReport report;
        try {
            report = run(settings, machine, GpuPlan::cells, System.out::println);
        } finally {
            warm.close();
        }
        Files.createDirectories(out);
        Files.writeString(out.resolve(MARKDOWN), report.markdown());
        Files.writeString(out.resolve(CSV), report.csv());
        System.out.println("wrote " + out.resolve(MARKDOWN) + " and " + out.resolve(CSV));
    }

    /** How the suite turns the methods that can run into cells: {@link GpuPlan#cells} or {@link GpuPlan#smoke}. */
    @FunctionalInterface
    public interface Plan {
        List<Cell> cells(List<Method> methods);
    }

    /**
     * Runs {@code plan}'s cells of the methods {@code machine} can run; {@code log} gets a line per
     * trial.
     */
    public static GpuReport run(SuiteSettings settings, GpuMachine machine, Plan plan, Consumer<String> log) throws IOException {
        List<Method> runnable = new ArrayList<>();
        Map<Method, String> skipped = new LinkedHashMap<>();
        for (Method method : GpuPlan.METHODS) {
            machine.whyNot(method).ifPresentOrElse(reason -> skipped.put(method, reason), () -> runnable.add(method));
        }
        skipped.forEach((method, reason) -> log.accept(method.label() + ": not run: " + reason));
        SuiteResults results = BenchmarkSuite.run(settings, plan.cells(runnable), log);
        return new GpuReport(results, machine, skipped);
    }
}
