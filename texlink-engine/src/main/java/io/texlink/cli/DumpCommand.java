package io.texlink.cli;

import io.texlink.AcquiredFrame;
import io.texlink.TexlinkClient;
import io.texlink.TexlinkResourceException;
import io.texlink.TexlinkTimeoutException;
import io.texlink.image.FrameImages;
import io.texlink.registry.NameRegistry;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** {@code texlink dump NAME OUT.png}: one frame, full size, as a PNG. */
final class DumpCommand {
    static final String HELP = """
            usage: texlink dump NAME OUT.png [--timeout 5s]
                   texlink dump --socket PATH OUT.png [--timeout 5s]

            Writes the newest frame of session NAME as a PNG, full size: a 2D texture, or the first slice or
            face of a 3D or cube texture, in an 8-bit format or RGBA16F (clamped to 0..1); alpha is dropped.
            A session that is neither in the registry nor has a socket fails at once and lists the live ones.

              NAME, --name NAME      the session: looked up in /tmp/texlink/.registry, else /tmp/texlink/NAME.sock
              --socket PATH          connect to the producer's socket PATH instead
              --timeout DURATION     how long to wait for the connection and for a frame (default 5s)

            exit status: 0 written, 2 usage error, 3 no such session, no frame within the timeout or the file
            could not be written, 128 + the signal's number when Ctrl-C or SIGTERM stopped it first
            """;

    private DumpCommand() {
    }

    static int run(List<String> argv, PrintStream out, StopSignals stop) {
        CliArguments args = new CliArguments(argv, Set.of("name", "socket", "timeout"), Set.of());
        List<String> words = args.positional(2, "NAME OUT.png");
        boolean namedByOption = args.text("name", null) != null || args.text("socket", null) != null;
        if (words.size() != 2 && !(words.size() == 1 && namedByOption)) {
            throw new CliArguments.UsageException("dump wants a session and an output file: texlink dump cam frame.png");
        }
        SessionTarget target = SessionTarget.of(args, words.size() == 2 ? words.getFirst() : null);
        Path file = Path.of(words.getLast());
        Duration timeout = args.duration("timeout", Duration.ofSeconds(5));
        var options = target.clientOptions().connectTimeout(timeout).build();
        target.requireServed(NameRegistry.atDefaultLocation());
        try (TexlinkClient client = TexlinkClient.connect(options)) {
            stop.arm();
            AcquiredFrame frame = stop.acquire(client, timeout);
            if (frame == null && stop.requested()) {
                out.println("stopped by " + stop.signal() + " before a frame arrived");
                return stop.interruptedStatus();
            }
            if (frame == null) {
                throw new TexlinkTimeoutException("no frame within " + timeout.toMillis() + " ms");
            }
            BufferedImage image;
            long id = frame.frameId();
            try {
                image = FrameImages.toImage(frame.memory(), frame.descriptor(), Integer.MAX_VALUE);
            } finally {
                client.releaseFrame(frame);
            }
            try {
                ImageIO.write(image, "png", file.toFile());
            } catch (IOException e) {
                throw new TexlinkResourceException("cannot write " + file + ": " + e.getMessage(), e);
            }
            out.printf("wrote %s (%dx%d, frame %d)%n", file, image.getWidth(), image.getHeight(), id);
            return 0;
        }
    }
}
