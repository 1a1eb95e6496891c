package io.texlink.bench.gpu;

import io.texlink.bench.Cell;
import io.texlink.bench.FrameSize;
import io.texlink.bench.Method;
import io.texlink.bench.SuiteSettings;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What the GPU suite runs: every GPU method at 1080p and 4K, paced at {@value #PACED} frames/s
 * and flat out, one consumer, three buffers. The methods alternate within each size and pace
 * (A, B, C, D, A, B, C, D, ...), so a slow spell of the machine hits them alike.
 */
public final class GpuPlan {
    /** The methods, in table order; the first is the one the others are compared with. */
    public static final List<Method> METHODS = List.of(Method.VULKAN_CUDA, Method.VULKAN_CUDA_LINEAR, Method.CUDA_IPC,
            Method.READBACK_UPLOAD);
    /** Frame sizes, RGBA8: 1920×1080 and 3840×2160. */
    public static final List<FrameSize> SIZES = List.of(FrameSize.HD_1080P, FrameSize.UHD_4K);
    /** The paced rate: a display's. */
    public static final int PACED = 60;
    /** Publish rates: {@link #PACED} and flat out (0). */
    public static final List<Integer> RATES = List.of(PACED, 0);

    private static final Duration SLACK = Duration.ofSeconds(20);

    private GpuPlan() {
    }

    /**
     * Two rounds of 1 s warm-up and 1.5 s measured (90 frames at 60/s) per trial, within 160 s: a
     * trial takes about 5 s with its JVM starts, so the sixteen cells fit about twice, and a second
     * round that would run past the budget stops where it must.
     */
    public static SuiteSettings full() {
        return new SuiteSettings("full", 2, Duration.ofSeconds(1), Duration.ofMillis(1500), 90, SLACK, Duration.ofSeconds(160));
    }

    /** One short round within 90 s: for checking the harness on the GPU, not for quoting. */
    public static SuiteSettings quick() {
        return new SuiteSettings("quick", 1, Duration.ofMillis(500), Duration.ofMillis(500), 30, SLACK, Duration.ofSeconds(90));
    }

    /** A fraction of a second per trial: proves every method produces samples (the GPU smoke test). */
    public static SuiteSettings smoke() {
        return new SuiteSettings("smoke", 1, Duration.ofMillis(200), Duration.ofMillis(200), 10, SLACK, Duration.ofSeconds(120));
    }

    /** Every cell of {@code methods}: sizes, then rates, then methods, in table order. */
    public static List<Cell> cells(List<Method> methods) {
        List<Cell> cells = new ArrayList<>();
        for (FrameSize size : SIZES) {
            for (int rate : RATES) {
                methods.forEach(m -> cells.add(Cell.paced(m, size, rate)));
            }
        }
        return cells;
    }

    /** One 1080p cell at {@value #PACED}/s per method: the smoke test's plan. */
    public static List<Cell> smoke(List<Method> methods) {
        return methods.stream().map(m -> Cell.paced(m, FrameSize.HD_1080P, PACED)).toList();
    }
}
