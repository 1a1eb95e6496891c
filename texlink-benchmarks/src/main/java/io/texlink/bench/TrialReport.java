package io.texlink.bench;

import org.HdrHistogram.Histogram;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What one producer or consumer JVM measured over the measured phase of a trial, printed as one
 * {@code RESULT key=value ...} line on its stdout and parsed back by the suite.
 *
 * @param frames         frames published (producer) or received (consumer) in the measured phase
 * @param skipped        frames the consumer skipped because a newer one came first (newest wins)
 * @param delayed        measured frames whose publish found no room at first (no free buffer, back
 *                       pressure) and waited for it (producer)
 * @param allocatedBytes heap bytes the publishing or receiving thread allocated in the measured phase
 * @param cpuNanos       CPU time of the whole process in the measured phase
 * @param elapsedNanos   wall time of the measured phase
 * @param latency        publish-to-receive nanoseconds of every measured frame (consumer), or null
 */
record TrialReport(long frames, long skipped, long delayed, long allocatedBytes, long cpuNanos,
                   long elapsedNanos, Histogram latency) {

    /** The line's first word. */
    static final String PREFIX = "RESULT";
    /** Latencies above a minute are recorded as a minute: a stall that long fails the trial anyway. */
    static final long HIGHEST_TRACKABLE_NANOS = TimeUnit.MINUTES.toNanos(1);

    /** An empty histogram with the range and precision every report uses (3 significant digits). */
    static Histogram newHistogram() {
        return new Histogram(HIGHEST_TRACKABLE_NANOS, 3);
    }

    String toLine() {
        String histogram = "-";
        if (latency != null) {
            ByteBuffer bytes = ByteBuffer.allocate(latency.getNeededByteBufferCapacity());
            int length = latency.encodeIntoCompressedByteBuffer(bytes);
            histogram = Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(bytes.array(), length));
        }
        return PREFIX + " frames=" + frames + " skipped=" + skipped + " delayed=" + delayed + " allocated="
                + allocatedBytes + " cpu=" + cpuNanos + " elapsed=" + elapsedNanos + " latency=" + histogram;
    }

    static TrialReport parse(String line) {
        Map<String, String> fields = new HashMap<>();
        for (String word : line.substring(PREFIX.length()).trim().split(" ")) {
            int eq = word.indexOf('=');
            fields.put(word.substring(0, eq), word.substring(eq + 1));
        }
        String histogram = fields.get("latency");
        Histogram latency = null;
        if (!histogram.equals("-")) {
            try {
                latency = Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(histogram)), 0);
            } catch (java.util.zip.DataFormatException e) {
                throw new IllegalArgumentException("unreadable latency histogram in " + line, e);
            }
        }
        return new TrialReport(Long.parseLong(fields.get("frames")), Long.parseLong(fields.get("skipped")),
                Long.parseLong(fields.get("delayed")), Long.parseLong(fields.get("allocated")),
                Long.parseLong(fields.get("cpu")), Long.parseLong(fields.get("elapsed")), latency);
    }
}
