package io.texlink.cli;

import io.texlink.Buffering;
import io.texlink.FrameDescriptor;
import io.texlink.PixelFormat;
import io.texlink.ServerOptions;
import io.texlink.ServerStats;
import io.texlink.TexlinkServer;
import io.texlink.WritableFrame;
import io.texlink.pattern.TestPattern;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

/** {@code texlink produce}: publishes the test pattern at a fixed rate (or flat out with --fps 0). */
final class ProduceCommand {
    private ProduceCommand() {
    }

    static int run(List<String> argv, PrintStream out) {
        CliArguments args = new CliArguments(argv, Set.of("name", "socket", "size", "format", "fps", "buffers", "frames", "allow-uid"),
                Set.of());
        FrameDescriptor descriptor = FrameDescriptor.texture2d(dimension(args, 0), dimension(args, 1),
                PixelFormat.valueOf(args.text("format", "ABGR8888").toUpperCase(Locale.ROOT)));
        String name = args.text("name", "cam");
        ServerOptions.Builder options = args.text("socket", null) != null
                ? ServerOptions.builderForSocket(Path.of(args.text("socket", null)), descriptor)
                : ServerOptions.builder(name, descriptor);
        options.buffering(Buffering.ofCount((int) args.number("buffers", 3)))
                .allowedUids(uids(args.text("allow-uid", "")));
        double fps = args.decimal("fps", 60);
        long limit = args.number("frames", 0);
        TestPattern pattern = new TestPattern(descriptor);

        try (TexlinkServer server = TexlinkServer.create(options.build())) {
            server.start();
            out.printf("producing '%s' on %s: %dx%d %s, %d buffers, %s; Ctrl-C stops%n", server.options().name(),
                    server.options().socketPath(), descriptor.width(), descriptor.height(), descriptor.format(),
                    server.frameCount(), fps > 0 ? fps + " fps" : "as fast as possible");
            long period = fps > 0 ? (long) (1e9 / fps) : 0;
            long next = System.nanoTime();
            long reportAt = next + 1_000_000_000L;
            long lastReported = 0;
            long nextId = 1;
            while (limit == 0 || nextId <= limit) {
                if (period > 0) {
                    LockSupport.parkNanos(next - System.nanoTime());
                    next += period;
                }
                WritableFrame frame = server.tryBeginFrame();
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
            out.printf("published %d frames%n", nextId - 1);
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
