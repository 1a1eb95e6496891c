package io.texlink.bench;

import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything measured for one cell over all rounds: the latency of every measured frame of every
 * consumer, and the producer's and consumers' counters. Derived rates are per second of the
 * producer's measured phases.
 */
public final class CellResult {
    private final Cell cell;
    private final Histogram latency = TrialReport.newHistogram();
    private final List<Long> roundMedians = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();
    private long published;
    private long received;
    private long skipped;
    private long delayed;
    private long producerAllocated;
    private long consumerAllocated;
    private long consumerCpuNanos;
    private long elapsedNanos;

    CellResult(Cell cell) {
        this.cell = cell;
    }

    void add(TrialOutcome outcome) {
        TrialReport producer = outcome.producer();
        published += producer.frames();
        delayed += producer.delayed();
        producerAllocated += producer.allocatedBytes();
        elapsedNanos += producer.elapsedNanos();
        Histogram round = TrialReport.newHistogram();
        for (TrialReport consumer : outcome.consumers()) {
            round.add(consumer.latency());
            received += consumer.frames();
            skipped += consumer.skipped();
            consumerAllocated += consumer.allocatedBytes();
            consumerCpuNanos += consumer.cpuNanos();
        }
        latency.add(round);
        roundMedians.add(round.getValueAtPercentile(50));
    }

    void addFailure(String reason) {
        failures.add(reason);
    }

    public Cell cell() {
        return cell;
    }

    /** True when at least one round produced samples. */
    public boolean hasSamples() {
        return latency.getTotalCount() > 0;
    }

    public long samples() {
        return latency.getTotalCount();
    }

    /** Latency at {@code percentile} (0..100) in nanoseconds, over every round and consumer. */
    public long percentileNanos(double percentile) {
        return latency.getValueAtPercentile(percentile);
    }

    public long maxNanos() {
        return latency.getMaxValue();
    }

    public double meanNanos() {
        return latency.getMean();
    }

    /** The median of each round that succeeded, in nanoseconds: how much the rounds disagree. */
    public List<Long> roundMedians() {
        return List.copyOf(roundMedians);
    }

    /** Why rounds failed, one entry per failed round. */
    public List<String> failures() {
        return List.copyOf(failures);
    }

    public double publishedPerSecond() {
        return perSecond(published);
    }

    /** Frames received per second by each consumer, on average. */
    public double receivedPerSecondPerConsumer() {
        return perSecond(received) / cell.consumers();
    }

    /** Frames skipped per second by each consumer because a newer one came first. */
    public double skippedPerSecondPerConsumer() {
        return perSecond(skipped) / cell.consumers();
    }

    /** Share of measured frames whose publish had to wait for a free buffer (0..1). */
    public double delayedShare() {
        return published == 0 ? 0 : (double) delayed / published;
    }

    /** Heap bytes the publishing thread allocated per measured frame. */
    public double producerBytesPerFrame() {
        return published == 0 ? 0 : (double) producerAllocated / published;
    }

    /** Heap bytes each receiving thread allocated per frame it received. */
    public double consumerBytesPerFrame() {
        return received == 0 ? 0 : (double) consumerAllocated / received;
    }

    /** CPU of one consumer process while measuring, as a share of one core (1.0 = a core busy). */
    public double consumerCoreShare() {
        return elapsedNanos == 0 ? 0 : (double) consumerCpuNanos / elapsedNanos / cell.consumers();
    }

    private double perSecond(long count) {
        return elapsedNanos == 0 ? 0 : count * 1e9 / elapsedNanos;
    }
}
