package io.texlink.cli;

import io.texlink.AcquiredFrame;
import io.texlink.TexlinkClient;
import io.texlink.TexlinkResourceException;
import io.texlink.TexlinkTimeoutException;
import io.texlink.image.FrameImages;

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
    private DumpCommand() {
    }

    static int run(List<String> argv, PrintStream out) {
        CliArguments args = new CliArguments(argv, Set.of("socket", "timeout"), Set.of());
        if (args.positional().size() != 2) {
            throw new CliArguments.UsageException("dump wants a session name and an output file: texlink dump cam frame.png");
        }
        Path file = Path.of(args.positional().get(1));
        Duration timeout = args.duration("timeout", Duration.ofSeconds(5));
        try (TexlinkClient client = TexlinkClient.connect(SessionTarget.clientOptions(args, args.positional().get(0))
                .connectTimeout(timeout).build())) {
            AcquiredFrame frame = client.acquireFrame(timeout)
                    .orElseThrow(() -> new TexlinkTimeoutException("no frame within " + timeout.toMillis() + " ms"));
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
