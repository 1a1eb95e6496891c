package io.texlink.bench;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The producer JVM of one trial: {@code METHOD SIZE RATE CONSUMERS BUFFERS WARMUP_NS MEASURE_NS ENDPOINT}
 * (see {@link TrialSpec}). Prints {@value #LISTENING} once consumers may connect, waits for them,
 * publishes flat out for the warm-up (at the cell's pace when several consumers share the machine:
 * a flat-out warm-up of 16 consumer JVMs on 2 cores starves some until the producer drops them for
 * pinning its buffers, as it must), pauses so queues drain, publishes at the paced rate for the
 * measured phase (the same loop, so the warm-up compiled it), sends the end frame and prints its
 * {@link TrialReport}.
 */
public final class ProducerMain {
    /** Printed when consumers may connect. */
    static final String LISTENING = "LISTENING";
    private static final long CONNECT_TIMEOUT_NANOS = TimeUnit.MINUTES.toNanos(2);
    private static final long DRAIN_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final Publisher publisher;
    private long frameId;
    private long frames;
    private long delayed;

    private ProducerMain(Publisher publisher) {
        this.publisher = publisher;
    }

    public static void main(String[] args) throws Exception {
        TrialSpec spec = TrialSpec.parse(args);
        try (Publisher publisher = spec.cell().method().openPublisher(spec)) {
            System.out.println(LISTENING);
            publisher.awaitConsumers(spec.cell().consumers(), CONNECT_TIMEOUT_NANOS);
            ProducerMain producer = new ProducerMain(publisher);
            Pacer warmupPacer = new Pacer(spec.cell().consumers() == 1 ? 0 : spec.cell().rate());
            producer.publishFor(spec.warmupNanos(), warmupPacer, FrameHeader.WARMUP);
            LockSupport.parkNanos(DRAIN_PAUSE_NANOS);

            long cpuBefore = ResourceCounters.processCpuNanos();
            long allocatedBefore = ResourceCounters.threadAllocatedBytes();
            long elapsed = producer.publishFor(spec.measureNanos(), new Pacer(spec.cell().rate()), FrameHeader.MEASURE);
            long allocated = ResourceCounters.threadAllocatedBytes() - allocatedBefore;
            long cpu = ResourceCounters.processCpuNanos() - cpuBefore;

            producer.publish(FrameHeader.END);
            publisher.awaitConsumersGone(CONNECT_TIMEOUT_NANOS);
            System.out.println(new TrialReport(producer.frames, 0, producer.delayed, allocated, cpu, elapsed, null).toLine());
        }
    }

    /** Publishes {@code phase} frames at the pacer's rate for {@code nanos}; returns the time taken. */
    private long publishFor(long nanos, Pacer pacer, int phase) throws IOException {
        frames = 0;
        delayed = 0;
        long start = System.nanoTime();
        long end = start + nanos;
        pacer.start(start);
        while (System.nanoTime() - end < 0) {
            pacer.awaitNext();
            publish(phase);
            frames++;
        }
        return System.nanoTime() - start;
    }

    /** Publishes one frame, yielding while the method has no room for it. */
    private void publish(int phase) throws IOException {
        frameId++;
        boolean waited = false;
        while (!publisher.tryPublish(frameId, phase)) {
            waited = true;
            Thread.yield();
        }
        if (waited) {
            delayed++;
        }
    }
}
