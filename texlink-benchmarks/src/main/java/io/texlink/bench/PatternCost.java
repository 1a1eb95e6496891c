package io.texlink.bench;

import io.texlink.FrameDescriptor;
import io.texlink.PixelFormat;
import io.texlink.pattern.TestPattern;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What the test pattern costs one core for a 1080p frame: drawing it, checking it as consumers do
 * by default (the id and 17 rows), and checking every row ({@code --every-row}), for both styles
 * and three formats. The frame is native memory, as a producer's shared memory is. Prints a
 * Markdown table with the machine; run with {@code scripts/run-benchmarks.sh --pattern-cost}.
 */
public final class PatternCost {
    private static final int WARM_UP_FRAMES = 500;
    private static final int MEASURED_FRAMES = 1_000;
    private static final List<PixelFormat> FORMATS = List.of(PixelFormat.ABGR8888, PixelFormat.R8, PixelFormat.ABGR16161616F);

    private PatternCost() {
    }

    public static void main(String[] args) {
        MachineInfo machine = MachineInfo.current();
        System.out.printf("%d cores of %s%s, %s, %s%n%n", machine.cores(), machine.cpuModel(),
                machine.virtualMachine() ? " (virtual machine)" : "", machine.kernel(), machine.jdk());
        System.out.println("| 1920×1080 | style | draw p50 / p99 | check (default) p50 / p99 | check every row p50 / p99 |");
        System.out.println("| --- | --- | --- | --- | --- |");
        for (PixelFormat format : FORMATS) {
            FrameDescriptor shape = FrameDescriptor.texture2d(1920, 1080, format);
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment frame = arena.allocate(shape.size(), 64);
                measure(format, "stripes", TestPattern.stripes(shape), frame);
                measure(format, "test card", TestPattern.card(shape), frame);
            }
        }
    }

    private static void measure(PixelFormat format, String style, TestPattern pattern, MemorySegment frame) {
        long[] draw = new long[MEASURED_FRAMES];
        long[] check = new long[MEASURED_FRAMES];
        long[] checkAll = new long[MEASURED_FRAMES];
        for (int i = -WARM_UP_FRAMES; i < MEASURED_FRAMES; i++) {
            long id = i + WARM_UP_FRAMES + 1L;
            long start = System.nanoTime();
            pattern.fill(frame, id);
            long drawn = System.nanoTime();
            String wrong = pattern.verify(frame, id, false);
            long checked = System.nanoTime();
            String wrongRow = pattern.verify(frame, id, true);
            long checkedAll = System.nanoTime();
            if (wrong != null || wrongRow != null) {
                throw new IllegalStateException(style + " " + format + ": " + (wrong != null ? wrong : wrongRow));
            }
            if (i >= 0) {
                draw[i] = drawn - start;
                check[i] = checked - drawn;
                checkAll[i] = checkedAll - checked;
            }
        }
        System.out.printf("| %s | %s | %s | %s | %s |%n", format, style, percentiles(draw), percentiles(check), percentiles(checkAll));
    }

    private static String percentiles(long[] nanos) {
        Arrays.sort(nanos);
        return String.format(Locale.ROOT, "%.3f / %.3f ms", nanos[nanos.length / 2] / 1e6,
                nanos[(int) Math.ceil(nanos.length * 0.99) - 1] / 1e6);
    }
}
