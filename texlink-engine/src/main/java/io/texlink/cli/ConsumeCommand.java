package io.texlink.cli;

import io.texlink.AcquiredFrame;
import io.texlink.ClientStats;
import io.texlink.ConnectionState;
import io.texlink.TexlinkClient;
import io.texlink.TexlinkException;
import io.texlink.WaitStrategy;
import io.texlink.pattern.TestPattern;
import io.texlink.registry.NameRegistry;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** {@code texlink consume}: acquires frames, checks the test pattern and ids, reports rate and latency. */
final class ConsumeCommand {
    static final String HELP = """
            usage: texlink consume [NAME] [--frames N] [--timeout 5s] [--wait blocking|busy-spin|backoff|sleeping]
                                   [--every-row] [--quiet] [--socket PATH]

            Connects to session NAME (default cam), acquires the newest frame again and again, checks each
            against the test pattern of its id (the card or the stripes, whichever the producer draws), and
            prints a line a second: frames, ids, frames skipped, errors, and the latency from the producer's
            publish to this acquire (p50, p99, max). Ctrl-C or SIGTERM stops it after a summary line. A
            session that is neither in the registry nor has a socket fails at once and lists the live ones.

              NAME, --name NAME      the session: looked up in /tmp/texlink/.registry, else /tmp/texlink/NAME.sock
              --socket PATH          connect to the producer's socket PATH instead
              --frames N             stop after N frames (default: run until stopped)
              --timeout DURATION     how long to wait for the connection and for each frame (default 5s;
                                     e.g. 500ms, 5s, 2m)
              --wait STRATEGY        how to wait for a frame: blocking (default, no CPU while idle), busy-spin
                                     (lowest latency, one core busy), backoff, sleeping
              --every-row            check every row of every frame (default: 16 rows spread over it, and the last)
              --quiet                print the summary only

            exit status: 0 every frame was right (also after Ctrl-C or SIGTERM), 1 a frame failed the check,
            2 usage error, 3 no such session, no frame within the timeout, or the producer went away
            """;

    private ConsumeCommand() {
    }

    static int run(List<String> argv, PrintStream out, StopSignals stop) {
        CliArguments args = new CliArguments(argv, Set.of("name", "socket", "frames", "timeout", "wait"),
                Set.of("every-row", "quiet"));
        SessionTarget target = SessionTarget.of(args, args.onlyPositional("one NAME"));
        long limit = args.number("frames", 0);
        Duration timeout = args.duration("timeout", Duration.ofSeconds(5));
        boolean quiet = args.flag("quiet");
        boolean everyRow = args.flag("every-row");
        LatencyWindow window = new LatencyWindow(TerminalText.microseconds(out));
        var options = target.clientOptions()
                .connectTimeout(timeout)
                .waitStrategy(WaitStrategy.named(args.text("wait", "blocking")))
                .latencyRecorder(window::add)
                .build();
        target.requireServed(NameRegistry.atDefaultLocation());

        try (TexlinkClient client = TexlinkClient.connect(options)) {
            TestPattern pattern = new TestPattern(client.meta().descriptor());
            out.printf("consuming '%s' from %s: %s %dx%d %s, %d buffers, %s%n", options.name(), client.producer(),
                    client.meta().backend(), client.meta().descriptor().width(), client.meta().descriptor().height(),
                    client.meta().descriptor().format(), client.frameCount(),
                    client.producerWritesTimestamps() ? "latency from producer timestamps" : "producer writes no timestamps");
            stop.arm();
            long frames = 0;
            long errors = 0;
            long lastId = 0;
            long firstIdOfSecond = 0;
            long reportAt = System.nanoTime() + 1_000_000_000L;
            while (limit == 0 || frames < limit) {
                AcquiredFrame frame;
                try {
                    frame = stop.acquire(client, timeout);
                } catch (TexlinkException e) {
                    out.println("producer lost: " + e.getMessage());
                    summary(out, client.stats(), frames, errors, null);
                    return 3;
                }
                if (frame == null && stop.requested()) {
                    break;
                }
                if (frame == null) {
                    out.println("no frame within " + timeout.toMillis() + " ms");
                    summary(out, client.stats(), frames, errors, null);
                    return 3;
                }
                String wrong = frame.frameId() <= lastId ? "frame id " + frame.frameId() + " after " + lastId
                        : pattern.verify(frame.memory(), frame.frameId(), everyRow);
                lastId = frame.frameId();
                client.releaseFrame(frame);
                if (wrong != null && client.state() != ConnectionState.CONNECTED) {
                    out.println("producer lost while this consumer held frame " + lastId + ": it closed the connection (a producer"
                            + " drops a consumer that keeps its buffers past its stall timeout) and may have rewritten the frame,"
                            + " so the frame is not counted as bad");
                    summary(out, client.stats(), frames, errors, null);
                    return 3;
                }
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
            summary(out, client.stats(), frames, errors, stop.signal());
            return errors == 0 ? 0 : 1;
        }
    }

    private static void summary(PrintStream out, ClientStats s, long frames, long errors, String stoppedBy) {
        out.printf("acquired %d frames, skipped %d (newest wins), %d failed the pattern check, last id %d%s%n",
                frames, s.framesDropped(), errors, s.lastFrameId(), stoppedBy == null ? "" : "; stopped by " + stoppedBy);
    }
}
