package io.texlink.demo.consumer;

import org.junit.jupiter.api.Assumptions;

import javax.imageio.ImageIO;
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
    /** Where the page puts the frame: the {@code <img>} at 640 px wide, left of the numbers (see static/index.html). */
    private static final int FRAME_LEFT = 30;
    private static final int FRAME_TOP = 90;
    private static final int FRAME_RIGHT = 650;
    private static final int FRAME_BOTTOM = 420;

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
                "--disable-sync", "--user-data-dir=" + profile, "--window-size=1100,560", "--virtual-time-budget=1000",
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
        BufferedImage a = frameArea(first);
        BufferedImage b = frameArea(second);
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

    private static BufferedImage frameArea(Path screenshot) throws IOException {
        BufferedImage full = ImageIO.read(screenshot.toFile());
        return full.getSubimage(FRAME_LEFT, FRAME_TOP, FRAME_RIGHT - FRAME_LEFT, FRAME_BOTTOM - FRAME_TOP);
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
