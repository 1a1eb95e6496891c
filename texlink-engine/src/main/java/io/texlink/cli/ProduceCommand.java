package io.texlink.cli;

import io.texlink.Buffering;
import io.texlink.FrameDescriptor;
import io.texlink.PixelFormat;
import io.texlink.ServerStats;
import io.texlink.TexlinkServer;
import io.texlink.WritableFrame;
import io.texlink.pattern.TestPattern;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** {@code texlink produce}: publishes the test card at a fixed rate (or flat out with --fps 0). */
final class ProduceCommand {
    static final String HELP = """
            usage: texlink produce [NAME] [--size 1280x720] [--format ABGR8888] [--fps 60] [--buffers 3] [--frames N]
                                   [--pattern card|stripes] [--stall-timeout 2s] [--socket PATH] [--allow-uid UID,...]

            Publishes session NAME (default cam): a moving test card (colour bars, the frame number in large
            digits, a bouncing square) with the frame id in its pixels, so consumers check every frame. Prints
            a line a second; Ctrl-C or SIGTERM stops it after a summary line, with exit status 0.

              NAME, --name NAME      the session's name: /tmp/texlink/NAME.sock, announced in the registry
              --socket PATH          listen on PATH instead; the session is named after the file
              --size WxH             frame size in pixels (default 1280x720)
              --format FORMAT        R8, ARGB8888, XRGB8888, ABGR8888 (default), XBGR8888, ABGR16161616F
              --fps N                frames per second (default 60); 0 publishes as fast as buffers come free
              --buffers N            buffers rotated: 1, 2 or 3 (default 3)
              --frames N             stop after N frames (default: run until stopped)
              --pattern STYLE        card (default), or stripes: the pattern the GPU producers draw
              --stall-timeout TIME   drop consumers that keep every buffer this long (default 2s; e.g. 500ms, 1m)
              --allow-uid UID,...    uids besides your own that may connect

            exit status: 0 stopped (Ctrl-C, SIGTERM or N frames), 2 usage error, 3 the session could not start
            (e.g. another producer serves the name)
            """;

    private ProduceCommand() {
    }

    static int run(List<String> argv, PrintStream out, StopSignals stop) {
        CliArguments args = new CliArguments(argv, Set.of("name", "socket", "size", "format", "fps", "buffers", "frames",
                "allow-uid", "pattern", "stall-timeout"), Set.of());
        SessionTarget target = SessionTarget.of(args, args.onlyPositional("one NAME"));
        FrameDescriptor descriptor = FrameDescriptor.texture2d(dimension(args, 0), dimension(args, 1), format(args));
        var options = target.serverOptions(descriptor)
                .buffering(Buffering.ofCount((int) args.number("buffers", 3)))
                .allowedUids(uids(args.text("allow-uid", "")))
                .stallTimeout(args.duration("stall-timeout", Duration.ofSeconds(2)));
        double fps = args.decimal("fps", 60);
        if (fps < 0 || Double.isNaN(fps) || Double.isInfinite(fps)) {
            throw new CliArguments.UsageException("--fps wants 0 (as fast as possible) or a positive rate, got " + fps);
        }
        long limit = args.number("frames", 0);
        TestPattern pattern = pattern(args, descriptor);

        try (TexlinkServer server = TexlinkServer.create(options.build())) {
            server.start();
            out.printf(Locale.ROOT, "producing '%s' on %s: %dx%d %s, %d buffers, %s, %s; Ctrl-C stops%n",
                    server.options().name(), server.options().socketPath(), descriptor.width(), descriptor.height(),
                    descriptor.format(), server.frameCount(), pattern.fillsCard() ? "test card" : "stripes",
                    fps > 0 ? fps + " fps" : "as fast as possible");
            stop.arm();
            long started = System.nanoTime();
            long period = fps > 0 ? (long) (1e9 / fps) : 0;
            long next = started;
            long reportAt = started + 1_000_000_000L;
            long lastReported = 0;
            long nextId = 1;
            while ((limit == 0 || nextId <= limit) && !stop.requested()) {
                if (period > 0) {
                    stop.sleepUntil(next);
                    next += period;
                }
                WritableFrame frame = stop.requested() ? null : server.tryBeginFrame();
                if (frame != null) {
                    pattern.fill(frame.memory(), nextId);
                    long id = server.endFrame(frame);
                    if (id != nextId) {
                        throw new IllegalStateException("published frame " + id + " but wrote the pattern of " + nextId);
                    }
                    nextId++;
                } else if (period == 0) {
                    Thread.onSpinWait();
                }
                long now = System.nanoTime();
                if (now >= reportAt) {
                    ServerStats s = server.stats();
                    out.printf("frame %d  %d fps  clients %d  no-free-buffer %d%n", s.framesPublished(),
                            s.framesPublished() - lastReported, s.clients(), s.framesUnavailable());
                    lastReported = s.framesPublished();
                    reportAt = now + 1_000_000_000L;
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            out.printf(Locale.ROOT, "published %d frames in %.1f s%s%n", nextId - 1, seconds,
                    stop.requested() ? ", stopped by " + stop.signal() : "");
        }
        return 0;
    }

    private static int dimension(CliArguments args, int which) {
        String[] parts = args.text("size", "1280x720").toLowerCase(Locale.ROOT).split("x");
        if (parts.length != 2) {
            throw new CliArguments.UsageException("--size wants WIDTHxHEIGHT, e.g. 1920x1080");
        }
        try {
            return Integer.parseInt(parts[which]);
        } catch (NumberFormatException e) {
            throw new CliArguments.UsageException("--size wants WIDTHxHEIGHT, e.g. 1920x1080");
        }
    }

    private static PixelFormat format(CliArguments args) {
        String name = args.text("format", "ABGR8888").toUpperCase(Locale.ROOT);
        List<String> known = Arrays.stream(PixelFormat.values()).filter(f -> f != PixelFormat.UNKNOWN).map(Enum::name).toList();
        if (!known.contains(name)) {
            throw new CliArguments.UsageException("--format wants one of " + String.join(", ", known) + ", got '"
                    + args.text("format", "") + "'");
        }
        return PixelFormat.valueOf(name);
    }

    private static TestPattern pattern(CliArguments args, FrameDescriptor descriptor) {
        return switch (args.text("pattern", "card")) {
            case "card" -> TestPattern.card(descriptor);
            case "stripes" -> TestPattern.stripes(descriptor);
            default -> throw new CliArguments.UsageException("--pattern wants card or stripes, got '" + args.text("pattern", "")
                    + "'");
        };
    }

    private static Set<Integer> uids(String list) {
        if (list.isBlank()) {
            return Set.of();
        }
        try {
            return Arrays.stream(list.split(",")).map(String::trim).map(Integer::valueOf).collect(Collectors.toSet());
        } catch (NumberFormatException e) {
            throw new CliArguments.UsageException("--allow-uid wants numeric uids separated by commas");
        }
    }
}
