package io.texlink.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Judges a run against the targets of issue 7, on medians (p50) unless a target says otherwise. */
final class Targets {
    static final double SOCKET_FLOOR_FACTOR = 1.2;
    static final double FLATNESS = 0.10;
    static final double COPY_SPEEDUP = 100;

    private Targets() {
    }

    static List<TargetVerdict> evaluate(SuiteResults results) {
        return List.of(socketFloor(results), flatAcrossSizes(results), fasterThanSocketCopy(results), zeroAllocation(results));
    }

    private static TargetVerdict socketFloor(SuiteResults results) {
        String target = "texlink socket-notification latency ≤ 1.2× the raw one-way socket trip (p50, 64 KiB frames vs 24 B, "
                + SuitePlan.LATENCY_RATE + "/s)";
        Optional<CellResult> texlink = results.measured(SuitePlan.texlink(Method.TEXLINK_BLOCKING, FrameSize.KIB_64));
        Optional<CellResult> raw = results.measured(SuitePlan.baseline(Method.RAW_SOCKET));
        if (texlink.isEmpty() || raw.isEmpty()) {
            return new TargetVerdict(target, "—", "not measured");
        }
        double p50 = ratio(texlink.get(), raw.get(), 50);
        double p99 = ratio(texlink.get(), raw.get(), 99);
        return new TargetVerdict(target, "p50 " + Formats.micros(texlink.get().percentileNanos(50)) + " µs vs "
                + Formats.micros(raw.get().percentileNanos(50)) + " µs = " + Formats.ratio(p50) + " (p99 "
                + Formats.micros(texlink.get().percentileNanos(99)) + " vs " + Formats.micros(raw.get().percentileNanos(99))
                + " µs = " + Formats.ratio(p99) + ")", p50 <= SOCKET_FLOOR_FACTOR ? "pass" : "miss");
    }

    private static TargetVerdict flatAcrossSizes(SuiteResults results) {
        String target = "texlink latency flat within 10 % from 64 KiB to 4K frames (p50, blocking wait, "
                + SuitePlan.LATENCY_RATE + "/s)";
        Optional<CellResult> smallest = results.measured(SuitePlan.texlink(Method.TEXLINK_BLOCKING, FrameSize.KIB_64));
        if (smallest.isEmpty()) {
            return new TargetVerdict(target, "—", "not measured");
        }
        double base = smallest.get().percentileNanos(50);
        double worst = 0;
        List<String> figures = new ArrayList<>();
        for (FrameSize size : FrameSize.values()) {
            Optional<CellResult> cell = results.measured(SuitePlan.texlink(Method.TEXLINK_BLOCKING, size));
            if (cell.isEmpty()) {
                return new TargetVerdict(target, size.label() + " not measured", "not measured");
            }
            double change = cell.get().percentileNanos(50) / base - 1;
            worst = Math.max(worst, Math.abs(change));
            figures.add(size.label() + " " + Formats.micros(cell.get().percentileNanos(50)) + " µs"
                    + (size == FrameSize.KIB_64 ? "" : " (" + String.format(java.util.Locale.ROOT, "%+.1f %%", change * 100) + ")"));
        }
        return new TargetVerdict(target, String.join(", ", figures) + "; largest change " + Formats.percent(worst),
                worst <= FLATNESS ? "pass" : "miss");
    }

    private static TargetVerdict fasterThanSocketCopy(SuiteResults results) {
        String target = "≥ 100× faster per 4K frame than copying it over the socket (p50, both at "
                + SuitePlan.copyRate(FrameSize.UHD_4K) + "/s)";
        Optional<CellResult> texlink = results.measured(SuitePlan.copy(Method.TEXLINK_BLOCKING, FrameSize.UHD_4K));
        Optional<CellResult> copy = results.measured(SuitePlan.copy(Method.SOCKET_COPY, FrameSize.UHD_4K));
        if (texlink.isEmpty() || copy.isEmpty()) {
            return new TargetVerdict(target, "—", "not measured");
        }
        double speedup = ratio(copy.get(), texlink.get(), 50);
        return new TargetVerdict(target, "socket copy " + Formats.micros(copy.get().percentileNanos(50)) + " µs vs texlink "
                + Formats.micros(texlink.get().percentileNanos(50)) + " µs = " + Formats.ratio(speedup) + " faster",
                speedup >= COPY_SPEEDUP ? "pass" : "miss");
    }

    private static TargetVerdict zeroAllocation(SuiteResults results) {
        String target = "zero bytes allocated per frame on the hot path (publishing thread and acquiring thread)";
        double producer = 0;
        double consumer = 0;
        int cells = 0;
        for (CellResult cell : results.cells().values()) {
            if (cell.cell().method().isTexlink() && cell.hasSamples()) {
                producer = Math.max(producer, cell.producerBytesPerFrame());
                consumer = Math.max(consumer, cell.consumerBytesPerFrame());
                cells++;
            }
        }
        if (cells == 0) {
            return new TargetVerdict(target, "—", "not measured");
        }
        return new TargetVerdict(target, "largest over " + cells + " texlink cells: producer " + Formats.bytes(producer)
                + " B/frame, consumer " + Formats.bytes(consumer) + " B/frame",
                producer == 0 && consumer == 0 ? "pass" : "miss");
    }

    private static double ratio(CellResult a, CellResult b, double percentile) {
        return (double) a.percentileNanos(percentile) / b.percentileNanos(percentile);
    }
}
