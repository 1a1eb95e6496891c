package io.texlink.cli;

import io.texlink.AcquiredFrame;
import io.texlink.ClientStats;
import io.texlink.TexlinkClient;
import io.texlink.TexlinkException;
import io.texlink.WaitStrategy;
import io.texlink.pattern.TestPattern;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** {@code texlink consume}: acquires frames, checks the test pattern and ids, reports rate and latency. */
final class ConsumeCommand {
    private ConsumeCommand() {
    }

    static int run(List<String> argv, PrintStream out) {
        CliArguments args = new CliArguments(argv, Set.of("name", "socket", "frames", "timeout", "wait"),
                Set.of("every-row", "quiet"));
        long limit = args.number("frames", 0);
        Duration timeout = args.duration("timeout", Duration.ofSeconds(5));
        boolean quiet = args.flag("quiet");
        LatencyWindow window = new LatencyWindow();
        var options = SessionTarget.clientOptions(args, args.text("name", "cam"))
                .connectTimeout(timeout)
                .waitStrategy(WaitStrategy.named(args.text("wait", "blocking")))
                .latencyRecorder(window::add)
                .build();

        try (TexlinkClient client = TexlinkClient.connect(options)) {
            TestPattern pattern = new TestPattern(client.meta().descriptor());
            out.printf("consuming '%s' from %s: %s %dx%d %s, %d buffers, %s%n", options.name(), client.producer(),
                    client.meta().backend(), client.meta().descriptor().width(), client.meta().descriptor().height(),
                    client.meta().descriptor().format(), client.frameCount(),
                    client.producerWritesTimestamps() ? "latency from producer timestamps" : "producer writes no timestamps");
            long frames = 0;
            long errors = 0;
            long lastId = 0;
            long firstIdOfSecond = 0;
            long reportAt = System.nanoTime() + 1_000_000_000L;
            while (limit == 0 || frames < limit) {
                AcquiredFrame frame;
                try {
                    frame = client.tryAcquireFrame(timeout.toNanos());
                } catch (TexlinkException e) {
                    out.println("producer lost: " + e.getMessage());
                    summary(out, client.stats(), frames, errors);
                    return 3;
                }
                if (frame == null) {
                    out.println("no frame within " + timeout.toMillis() + " ms");
                    summary(out, client.stats(), frames, errors);
                    return 3;
                }
                String wrong = frame.frameId() <= lastId ? "frame id " + frame.frameId() + " after " + lastId
                        : pattern.verify(frame.memory(), frame.frameId(), args.flag("every-row"));
                lastId = frame.frameId();
                client.releaseFrame(frame);
                if (wrong != null) {
                    errors++;
                    out.println("BAD FRAME: " + wrong);
                }
                if (firstIdOfSecond == 0) {
                    firstIdOfSecond = lastId;
                }
                frames++;
                long now = System.nanoTime();
                if (now >= reportAt && !quiet) {
                    ClientStats s = client.stats();
                    out.printf("frames %d  ids %d..%d  dropped %d  errors %d  %s%n", s.framesAcquired(), firstIdOfSecond,
                            lastId, s.framesDropped(), errors, window.summarizeAndClear());
                    firstIdOfSecond = 0;
                    reportAt = now + 1_000_000_000L;
                }
            }
            summary(out, client.stats(), frames, errors);
            return errors == 0 ? 0 : 1;
        }
    }

    private static void summary(PrintStream out, ClientStats s, long frames, long errors) {
        out.printf("acquired %d frames, skipped %d (newest wins), %d failed the pattern check, last id %d%n",
                frames, s.framesDropped(), errors, s.lastFrameId());
    }
}
