package io.texlink.demo.consumer;

import org.springframework.stereotype.Component;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

/**
 * The last minute of frames, second by second (wall-clock seconds): how many the consumer got,
 * and the p50 and p99 of their latency, for the live page's frame rate and chart.
 *
 * <p>The consumer thread {@link #record records} each frame; a second's percentiles are computed
 * once, when the next second begins, from up to {@value #SAMPLES_PER_SECOND} latencies (the
 * first ones of a busier second). Recording allocates nothing. Thread-safe.
 */
@Component
public class FrameHistory {
    /** Seconds the history keeps. */
    static final int SECONDS = 60;
    static final int SAMPLES_PER_SECOND = 8192;

    /**
     * One second.
     *
     * @param second the wall-clock second (seconds since the epoch)
     * @param frames frames acquired in it
     * @param p50Ms  median latency in milliseconds; null where no frame carried a timestamp
     * @param p99Ms  99th percentile of the latency in milliseconds; null likewise
     */
    public record Second(long second, long frames, Double p50Ms, Double p99Ms) {
    }

    private final long[] samples = new long[SAMPLES_PER_SECOND];
    private int sampleCount;
    private long currentSecond = Long.MIN_VALUE;
    private long currentFrames;
    private final Deque<Second> completed = new ArrayDeque<>();

    /** Counts a frame acquired now; {@code latencyNanos} is -1 when its producer writes no timestamps. */
    public void record(long latencyNanos) {
        record(latencyNanos, System.currentTimeMillis());
    }

    synchronized void record(long latencyNanos, long nowMillis) {
        advanceTo(Math.floorDiv(nowMillis, 1000));
        currentFrames++;
        if (latencyNanos >= 0 && sampleCount < samples.length) {
            samples[sampleCount++] = latencyNanos;
        }
    }

    /** The {@value #SECONDS} whole seconds before now, oldest first; seconds without frames have 0 frames. */
    public List<Second> lastMinute() {
        return lastMinute(System.currentTimeMillis());
    }

    synchronized List<Second> lastMinute(long nowMillis) {
        long now = Math.floorDiv(nowMillis, 1000);
        advanceTo(now);
        List<Second> minute = new ArrayList<>(SECONDS);
        var recorded = completed.iterator();
        Second next = recorded.hasNext() ? recorded.next() : null;
        for (long s = now - SECONDS; s < now; s++) {
            while (next != null && next.second() < s) {
                next = recorded.hasNext() ? recorded.next() : null;
            }
            minute.add(next != null && next.second() == s ? next : new Second(s, 0, null, null));
        }
        return minute;
    }

    /** Frames in the last whole second. */
    public long framesPerSecond() {
        List<Second> minute = lastMinute();
        return minute.getLast().frames();
    }

    /** Closes the current second once {@code second} is later, and forgets what is older than a minute. */
    private void advanceTo(long second) {
        if (second <= currentSecond) {
            return;
        }
        if (currentFrames > 0) {
            completed.addLast(summary());
        }
        currentSecond = second;
        currentFrames = 0;
        sampleCount = 0;
        while (!completed.isEmpty() && completed.peekFirst().second() < second - SECONDS) {
            completed.removeFirst();
        }
    }

    private Second summary() {
        if (sampleCount == 0) {
            return new Second(currentSecond, currentFrames, null, null);
        }
        Arrays.sort(samples, 0, sampleCount);
        return new Second(currentSecond, currentFrames, millis(percentile(0.50)), millis(percentile(0.99)));
    }

    /** The nearest-rank percentile of the sorted samples. */
    private long percentile(double p) {
        return samples[Math.max(0, (int) Math.ceil(p * sampleCount) - 1)];
    }

    private static double millis(long nanos) {
        return nanos / 1e6;
    }
}
