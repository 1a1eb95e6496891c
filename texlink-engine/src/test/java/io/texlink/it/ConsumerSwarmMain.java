package io.texlink.it;

import io.texlink.AcquiredFrame;
import io.texlink.ClientOptions;
import io.texlink.TexlinkClient;
import io.texlink.TexlinkException;
import io.texlink.pattern.TestPattern;
import io.texlink.testing.LeakCounters;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Many consumers in one JVM for load tests: {@code SOCKET CLIENTS SECONDS}. Each client thread
 * connects, acquires and verifies frames as fast as they come for a random 0.2–3 s, leaves, and
 * joins again. Every 5 s it prints
 * {@code WINDOW <t> frames=<n> errors=<n> p50=<µs> p99=<µs> p999=<µs> max=<µs> fds=<n> maps=<n>},
 * and at the end {@code DONE frames=<n> errors=<n> joins=<n> fds=<n> maps=<n> lost=<n>} after every
 * client left ({@code errors}: wrong or out-of-order frames; {@code lost}: connections that failed or
 * broke, each printed as a {@code LOST} line),
 * to compare with {@code START fds=<n> maps=<n>} printed after one warm-up connection.
 */
public final class ConsumerSwarmMain {
    public static void main(String[] args) throws InterruptedException {
        Path socket = Path.of(args[0]);
        int clients = Integer.parseInt(args[1]);
        long end = System.nanoTime() + Duration.ofSeconds(Long.parseLong(args[2])).toNanos();
        Recorder latency = new Recorder(3);
        AtomicLong frames = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        AtomicLong joins = new AtomicLong();
        AtomicLong lost = new AtomicLong();
        try (TexlinkClient warmUp = TexlinkClient.connect(ClientOptions.builderForSocket(socket).registry(null)
                .connectTimeout(Duration.ofSeconds(30)).build())) {
            System.out.println("connected to " + warmUp.producer());
        }
        System.out.printf("START fds=%d maps=%d%n", LeakCounters.openFds(), LeakCounters.texlinkMappings());
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            threads.add(Thread.ofPlatform().start(() -> churn(socket, end, latency, frames, errors, joins, lost)));
        }
        long start = System.nanoTime();
        Histogram window = null;
        while (System.nanoTime() < end) {
            Thread.sleep(5_000);
            window = latency.getIntervalHistogram(window);
            System.out.printf("WINDOW %d frames=%d errors=%d p50=%d p99=%d p999=%d max=%d fds=%d maps=%d%n",
                    (System.nanoTime() - start) / 1_000_000_000L, window.getTotalCount(), errors.get(),
                    window.getValueAtPercentile(50) / 1000, window.getValueAtPercentile(99) / 1000,
                    window.getValueAtPercentile(99.9) / 1000, window.getMaxValue() / 1000,
                    LeakCounters.openFds(), LeakCounters.texlinkMappings());
        }
        for (Thread t : threads) {
            t.join();
        }
        System.out.printf("DONE frames=%d errors=%d joins=%d fds=%d maps=%d lost=%d%n", frames.get(), errors.get(), joins.get(),
                LeakCounters.openFds(), LeakCounters.texlinkMappings(), lost.get());
    }

    private static void churn(Path socket, long end, Recorder latency, AtomicLong frames, AtomicLong errors, AtomicLong joins,
                              AtomicLong lost) {
        ClientOptions options = ClientOptions.builderForSocket(socket).registry(null)
                .connectTimeout(Duration.ofSeconds(10)).latencyRecorder(latency::recordValue).build();
        while (System.nanoTime() < end) {
            long leaveAt = Math.min(end, System.nanoTime() + ThreadLocalRandom.current().nextLong(200, 3_000) * 1_000_000L);
            try (TexlinkClient client = TexlinkClient.connect(options)) {
                joins.incrementAndGet();
                TestPattern pattern = new TestPattern(client.meta().descriptor());
                long lastId = 0;
                while (System.nanoTime() < leaveAt) {
                    AcquiredFrame f = client.tryAcquireFrame(100_000_000L);
                    if (f == null) {
                        continue;
                    }
                    if (f.frameId() <= lastId || pattern.verify(f.memory(), f.frameId(), false) != null) {
                        errors.incrementAndGet();
                        System.out.println("BAD frame " + f.frameId() + " after " + lastId);
                    }
                    lastId = f.frameId();
                    client.releaseFrame(f);
                    frames.incrementAndGet();
                }
            } catch (TexlinkException e) {
                lost.incrementAndGet();
                System.out.println("LOST " + e.getMessage());
            }
        }
    }
}
