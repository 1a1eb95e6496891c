package io.texlink.bench;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which cells the suite runs, and where each comparison finds its cells (the report asks the same
 * methods, so plan and report cannot disagree). Cells shared by two comparisons run once per round.
 *
 * <ul>
 *   <li>Latency, paced at {@value #LATENCY_RATE} frames/s, one consumer, three buffers: the
 *       24-byte baselines, and texlink's three wait strategies at every frame size.</li>
 *   <li>Copies: socket copy and shared-memory copy at every size, with texlink beside them, at
 *       {@link #copyRate} (a copy of a 4K frame takes milliseconds, so 1000/s would be queueing).</li>
 *   <li>Throughput at {@link #SWEEP_SIZE}, blocking wait: 1, 4 and 16 consumers at
 *       {@value #LATENCY_RATE}/s (flat out, 16 consumer JVMs starve on 2 cores until the producer
 *       drops them, as it must drop a consumer that stops reading); 1, 2 and 3 buffers flat out;
 *       publish rates from 60/s to flat out.</li>
 * </ul>
 */
public final class SuitePlan {
    /** Frames per second of the latency comparisons: low enough that no frame queues behind another. */
    public static final int LATENCY_RATE = 1000;
    /** Frame size of the throughput sweeps. */
    public static final FrameSize SWEEP_SIZE = FrameSize.HD_1080P;
    /** Texlink's wait strategies, in table order. */
    public static final List<Method> TEXLINK_METHODS = List.of(Method.TEXLINK_BLOCKING, Method.TEXLINK_BUSY_SPIN,
            Method.TEXLINK_BACKOFF);
    /** The 24-byte baselines, in table order. */
    public static final List<Method> BASELINES = List.of(Method.RAW_SOCKET, Method.AERON_BUSY_SPIN, Method.AERON_BACKOFF);
    /** The methods compared at the copy pace, in table order. */
    public static final List<Method> COPY_COMPARISON = List.of(Method.TEXLINK_BLOCKING, Method.SHM_COPY, Method.SOCKET_COPY);
    public static final List<Integer> CONSUMER_COUNTS = List.of(1, 4, 16);
    public static final List<Integer> BUFFER_COUNTS = List.of(1, 2, 3);
    /** Publish rates of the rate sweep; 0 is flat out. */
    public static final List<Integer> RATES = List.of(60, 250, 1000, 0);

    private SuitePlan() {
    }

    /** Frames per second at which a frame of {@code size} is copied in well under its period. */
    public static int copyRate(FrameSize size) {
        return switch (size) {
            case KIB_64, MIB_1 -> LATENCY_RATE;
            case HD_1080P -> 250;
            case UHD_4K -> 60;
        };
    }

    /** A 24-byte baseline (or any method at 64 KiB) at the latency rate. */
    public static Cell baseline(Method method) {
        return Cell.paced(method, FrameSize.KIB_64, LATENCY_RATE);
    }

    /** A texlink wait strategy at {@code size}, at the latency rate. */
    public static Cell texlink(Method method, FrameSize size) {
        return Cell.paced(method, size, LATENCY_RATE);
    }

    /** A method of {@link #COPY_COMPARISON} at {@code size}, at the copy rate. */
    public static Cell copy(Method method, FrameSize size) {
        return Cell.paced(method, size, copyRate(size));
    }

    public static Cell consumers(int count) {
        return new Cell(Method.TEXLINK_BLOCKING, SWEEP_SIZE, LATENCY_RATE, count, 3);
    }

    public static Cell buffers(int count) {
        return new Cell(Method.TEXLINK_BLOCKING, SWEEP_SIZE, 0, 1, count);
    }

    public static Cell rate(int rate) {
        return new Cell(Method.TEXLINK_BLOCKING, SWEEP_SIZE, rate, 1, 3);
    }

    /** Every cell of the suite, each once. */
    public static List<Cell> full() {
        Set<Cell> cells = new LinkedHashSet<>();
        BASELINES.forEach(m -> cells.add(baseline(m)));
        for (FrameSize size : FrameSize.values()) {
            TEXLINK_METHODS.forEach(m -> cells.add(texlink(m, size)));
            COPY_COMPARISON.forEach(m -> cells.add(copy(m, size)));
        }
        CONSUMER_COUNTS.forEach(n -> cells.add(consumers(n)));
        BUFFER_COUNTS.forEach(n -> cells.add(buffers(n)));
        RATES.forEach(r -> cells.add(rate(r)));
        return List.copyOf(cells);
    }

    /** One small cell per CPU method, and two consumers once: the smoke test's plan. */
    public static List<Cell> smoke() {
        List<Cell> cells = new ArrayList<>();
        for (Method m : Method.cpu()) {
            cells.add(baseline(m));
        }
        cells.add(new Cell(Method.TEXLINK_BLOCKING, FrameSize.KIB_64, LATENCY_RATE, 2, 3));
        return cells;
    }
}
