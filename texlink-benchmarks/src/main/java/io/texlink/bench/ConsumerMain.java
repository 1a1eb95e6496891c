package io.texlink.bench;

import org.HdrHistogram.Histogram;

import java.util.concurrent.TimeUnit;

/**
 * A consumer JVM of one trial, with the producer's arguments (see {@link TrialSpec}). Receives
 * frames until the end frame, records the latency of every frame (warm-up frames into a histogram
 * that is thrown away, so the measured frames run code the warm-up has already compiled), and
 * prints the {@link TrialReport} of the measured ones; prints {@code BAD <reason>} and exits 1
 * when the frames stop coming.
 */
public final class ConsumerMain {
    private static final long FRAME_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(60);

    private ConsumerMain() {
    }

    public static void main(String[] args) throws Exception {
        TrialSpec spec = TrialSpec.parse(args);
        Histogram warmup = TrialReport.newHistogram();
        Histogram measured = TrialReport.newHistogram();
        try (Receiver receiver = spec.cell().method().openReceiver(spec)) {
            long frames = 0;
            long skippedBefore = 0;
            long allocatedBefore = 0;
            long cpuBefore = 0;
            long start = 0;
            while (true) {
                if (!receiver.receive(FRAME_TIMEOUT_NANOS)) {
                    System.out.println("BAD no frame within 60 s, or the producer left, after " + frames + " measured frames");
                    System.exit(1);
                }
                int phase = receiver.phase();
                if (phase == FrameHeader.END) {
                    break;
                }
                if (phase == FrameHeader.MEASURE && frames++ == 0) {
                    skippedBefore = receiver.skippedFrames();
                    cpuBefore = ResourceCounters.processCpuNanos();
                    start = System.nanoTime();
                    allocatedBefore = ResourceCounters.threadAllocatedBytes();
                }
                Histogram into = phase == FrameHeader.MEASURE ? measured : warmup;
                into.recordValue(Math.clamp(receiver.latencyNanos(), 0, TrialReport.HIGHEST_TRACKABLE_NANOS));
            }
            if (frames == 0) {
                System.out.println("BAD the end frame came before any measured frame");
                System.exit(1);
            }
            long allocated = ResourceCounters.threadAllocatedBytes() - allocatedBefore;
            long elapsed = System.nanoTime() - start;
            long cpu = ResourceCounters.processCpuNanos() - cpuBefore;
            long skipped = receiver.skippedFrames() - skippedBefore;
            System.out.println(new TrialReport(frames, skipped, 0, allocated, cpu, elapsed, measured).toLine());
        }
    }
}
