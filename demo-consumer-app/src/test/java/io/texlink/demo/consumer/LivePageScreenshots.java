package io.texlink.demo.consumer;

import org.junit.jupiter.api.Assumptions;

import javax.imageio.ImageIO;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Screenshots of the live page in headless Chromium (Debian's {@code chromium} package). */
final class LivePageScreenshots {
    /**
     * Where the page puts the frame: the {@code <img>}'s 640×360 pixels inside its border, 20 px
     * body margin plus a 40 px title and 16 px below it (static/index.html fixes these sizes).
     */
    private static final Rectangle FRAME = new Rectangle(21, 77, 640, 360);
    /** The chart's plot area: the canvas starts 16 px below the frame's box, the plot 56 px right of its edge and 30 px down. */
    private static final Rectangle PLOT = new Rectangle(21 + 56, 77 + 360 + 1 + 16 + 1 + 30, 584 - 56, 208 - 30);
    /** The chart's p50 and p99 colours (index.html). */
    private static final int P50 = 0x1F6FD1;
    private static final int P99 = 0xE8590C;

    private final Path executable;

    private LivePageScreenshots(Path executable) {
        this.executable = executable;
    }

    /** The browser on PATH; skips the calling test, saying how to get one, where there is none. */
    static LivePageScreenshots find() {
        Path found = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .flatMap(dir -> Stream.of("chromium", "chromium-browser").map(name -> Path.of(dir, name)))
                .filter(Files::isExecutable).findFirst().orElse(null);
        Assumptions.assumeTrue(found != null,
                "chromium is not installed, so the live page is not checked in a browser: apt-get install chromium");
        return new LivePageScreenshots(found);
    }

    /** Loads {@code url} in a fresh profile, lets the page run for a second and writes a screenshot to {@code file}. */
    Path capture(String url, Path file) throws IOException, InterruptedException {
        Files.createDirectories(file.getParent());
        Files.deleteIfExists(file);
        Path profile = Files.createTempDirectory("texlink-chromium");
        List<String> command = new ArrayList<>(List.of(executable.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--window-size=1100,780", "--virtual-time-budget=1000",
                "--screenshot=" + file, url));
        Process chromium = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(file.resolveSibling(file.getFileName() + ".log").toFile()).start();
        try {
            assertThat(chromium.waitFor(60, TimeUnit.SECONDS)).as("chromium finished within 60 s").isTrue();
        } finally {
            chromium.destroyForcibly();
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        assertThat(file).as("chromium's screenshot; its output is in " + file + ".log").exists();
        return file;
    }

    /** The frame area shows a picture (not one flat colour) in both, and it differs between them. */
    static void assertFrameAreaChanged(Path first, Path second) throws IOException {
        BufferedImage a = area(first, FRAME);
        BufferedImage b = area(second, FRAME);
        assertThat(distinctColours(a)).as("colours in the frame area of " + first).isGreaterThan(16);
        long differing = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                if (a.getRGB(x, y) != b.getRGB(x, y)) {
                    differing++;
                }
            }
        }
        assertThat(differing).as("pixels of the frame area that differ between " + first + " and " + second)
                .isGreaterThan((long) a.getWidth() * a.getHeight() / 10);
    }

    /** The chart's plot area holds both latency lines: pixels of the p50 and of the p99 colour. */
    static void assertChartDrawn(Path screenshot) throws IOException {
        BufferedImage plot = area(screenshot, PLOT);
        assertThat(pixelsNear(plot, P50)).as("pixels of the p50 line in the chart of " + screenshot).isGreaterThan(20);
        assertThat(pixelsNear(plot, P99)).as("pixels of the p99 line in the chart of " + screenshot).isGreaterThan(20);
    }

    private static BufferedImage area(Path screenshot, Rectangle area) throws IOException {
        BufferedImage full = ImageIO.read(screenshot.toFile());
        return full.getSubimage(area.x, area.y, area.width, area.height);
    }

    /** Pixels within 40 of {@code rgb} in each channel (the lines are anti-aliased). */
    private static long pixelsNear(BufferedImage image, int rgb) {
        long near = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int pixel = image.getRGB(x, y);
                boolean close = true;
                for (int shift = 0; shift < 24; shift += 8) {
                    close &= Math.abs((pixel >>> shift & 0xFF) - (rgb >>> shift & 0xFF)) <= 40;
                }
                near += close ? 1 : 0;
            }
        }
        return near;
    }

    private static long distinctColours(BufferedImage image) {
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 4) {
            for (int x = 0; x < image.getWidth(); x += 4) {
                colours.add(image.getRGB(x, y));
            }
        }
        return colours.size();
    }
}
