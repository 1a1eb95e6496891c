package io.texlink.pattern;

import io.texlink.FrameDescriptor;
import io.texlink.FrameType;
import io.texlink.PixelFormat;
import io.texlink.image.FrameImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.awt.image.BufferedImage;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.management.ManagementFactory;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Both styles of the test pattern: exact round trips, what they catch, and what the card shows. */
class TestPatternTest {
    private static final long[] IDS = { 1, 2, 9, 10, 255, 256, 1234, 0x1_0000_0003L, Long.MAX_VALUE, -1 };

    static Stream<Arguments> shapes() {
        Stream.Builder<Arguments> shapes = Stream.builder();
        for (PixelFormat format : PixelFormat.values()) {
            if (format == PixelFormat.UNKNOWN) {
                continue;
            }
            shapes.add(Arguments.of(FrameDescriptor.texture2d(320, 180, format)));
            shapes.add(Arguments.of(FrameDescriptor.texture2d(333, 77, format))); // rows not a multiple of 8 bytes
            shapes.add(Arguments.of(FrameDescriptor.texture3d(64, 32, 4, format)));
            shapes.add(Arguments.of(FrameDescriptor.textureCube(32, format)));
            shapes.add(Arguments.of(padded(FrameDescriptor.texture2d(101, 9, format), 64)));
        }
        shapes.add(Arguments.of(FrameDescriptor.texture2d(16, 1, PixelFormat.R8))); // the smallest card: the header alone
        shapes.add(Arguments.of(FrameDescriptor.texture2d(4, 3, PixelFormat.ABGR8888)));
        return shapes.build();
    }

    /** {@code d} with {@code extra} bytes of padding after each row, as drivers lay linear images out. */
    private static FrameDescriptor padded(FrameDescriptor d, int extra) {
        int stride = d.stride() + extra;
        return new FrameDescriptor(d.type(), d.width(), d.height(), d.depth(), stride, d.format(), d.modifier(),
                (long) stride * d.height() * d.layers());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void theCardRoundTripsAndEveryRowIsChecked(FrameDescriptor shape) {
        TestPattern card = TestPattern.card(shape);
        assertThat(card.fillsCard()).isTrue();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment frame = arena.allocate(shape.size());
            for (long id : IDS) {
                card.fill(frame, id);
                assertThat(TestPattern.frameIdOf(frame)).isEqualTo(id);
                assertThat(card.verify(frame, id, true)).as("frame %d", id).isNull();
                assertThat(card.verify(frame, id, false)).as("frame %d, sampled rows", id).isNull();
                assertThat(TestPattern.stripes(shape).verify(frame, id, true)).as("a stripes instance checks the card too").isNull();
            }
            card.fill(frame, 77);
            long rows = (long) shape.height() * shape.layers();
            long rowBytes = (long) shape.width() * shape.format().bytesPerPixel();
            for (long y = 0; y < rows; y += Math.max(1, rows / 7)) {
                long at = y * shape.stride() + (y == 0 ? rowBytes - 1 : rowBytes / 2);
                byte before = frame.get(ValueLayout.JAVA_BYTE, at);
                frame.set(ValueLayout.JAVA_BYTE, at, (byte) (before ^ 0x01)); // one bit, where the stamp is
                assertThat(card.verify(frame, 77, true)).as("a flipped bit in row %d", y).contains("row " + y);
                frame.set(ValueLayout.JAVA_BYTE, at, before);
            }
            assertThat(card.verify(frame, 77, true)).isNull();
            assertThat(card.verify(frame, 78, true)).contains("frame id in the pixels is 77, expected 78");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void theStripesRoundTripAndKeepTheirFormula(FrameDescriptor shape) {
        TestPattern stripes = new TestPattern(shape);
        assertThat(stripes.fillsCard()).isFalse();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment frame = arena.allocate(shape.size());
            for (long id : IDS) {
                stripes.fill(frame, id);
                assertThat(stripes.verify(frame, id, true)).isNull();
                assertThat(TestPattern.card(shape).verify(frame, id, true)).as("a card instance checks the stripes too").isNull();
            }
            // What the GPU kernels and the C peer compute: byte b of row y = 37·(b + 7y + 13·id) mod 256.
            long rowBytes = (long) shape.width() * shape.format().bytesPerPixel();
            long y = (long) shape.height() * shape.layers() - 1;
            for (long b = Math.max(0, 8 - y * shape.stride()); b < rowBytes; b++) {
                int expected = (int) (37 * (b + 7 * y + 13 * (long) -1) & 0xFF);
                assertThat(frame.get(ValueLayout.JAVA_BYTE, y * shape.stride() + b) & 0xFF).isEqualTo(expected);
            }
        }
    }

    @Test
    void aRowOfAnyOlderFrameIsCaughtWhereThePictureDidNotMove() {
        FrameDescriptor shape = FrameDescriptor.texture2d(64, 64, PixelFormat.ABGR8888);
        TestPattern card = TestPattern.card(shape);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment newer = arena.allocate(shape.size());
            MemorySegment older = arena.allocate(shape.size());
            card.fill(newer, 1000);
            long greyRow = 64 * 2 / 3 + 2; // the grey scale: the same picture in every frame, only the stamp differs
            long at = greyRow * shape.stride();
            for (long age = 1; age < 256; age++) {
                card.fill(older, 1000 - age);
                MemorySegment.copy(older, at, newer, at, shape.stride());
                assertThat(card.verify(newer, 1000, true)).as("row %d of frame %d in frame 1000", greyRow, 1000 - age)
                        .startsWith("test card row " + greyRow + " differs");
                card.fill(newer, 1000);
            }
        }
    }

    @Test
    void framesTheCardDoesNotFitGetTheStripes() {
        assertThat(TestPattern.card(FrameDescriptor.buffer(FrameType.RAW, 1 << 20)).fillsCard()).isFalse();
        assertThat(TestPattern.card(FrameDescriptor.texture2d(15, 4, PixelFormat.R8)).fillsCard()).isFalse();
        FrameDescriptor narrow = FrameDescriptor.texture2d(7, 20, PixelFormat.R8); // the id spans two rows
        TestPattern pattern = TestPattern.card(narrow);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment frame = arena.allocate(narrow.size());
            pattern.fill(frame, 3);
            assertThat(pattern.verify(frame, 3, true)).isNull();
        }
    }

    @Test
    void theCardShowsBarsTheNumberAndASquareThatMoves() {
        FrameDescriptor shape = FrameDescriptor.texture2d(1280, 720, PixelFormat.XRGB8888);
        TestPattern card = TestPattern.card(shape);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment frame = arena.allocate(shape.size());
            card.fill(frame, 8);
            BufferedImage first = FrameImages.toImage(frame, shape, Integer.MAX_VALUE);
            int[] bars = { 0xBFBFBF, 0xBFBF00, 0x00BFBF, 0x00BF00, 0xBF00BF, 0xBF0000, 0x0000BF };
            for (int i = 0; i < bars.length; i++) {
                assertThat(close(first.getRGB(1280 * (2 * i + 1) / 14, 20), bars[i])).as("bar %d", i).isTrue();
            }
            for (int step = 0; step < 16; step++) {
                int grey = step * 17;
                assertThat(close(first.getRGB(80 * step + 40, 500), grey << 16 | grey << 8 | grey)).as("grey step %d", step).isTrue();
            }
            // "8" is one digit: its box is centred, and its glyph's middle row is lit across (cells 1 to 3).
            int cell = 720 / 26;
            int boxLeft = (1280 - 9 * cell) / 2; // 2 cells of margin, 5 of glyph, 2 of margin
            int boxTop = (480 - 11 * cell) / 2;
            int middle = boxTop + (2 + 3) * cell + cell / 2;
            assertThat(close(first.getRGB(boxLeft + cell / 2, middle), 0)).as("the box's margin").isTrue();
            assertThat(close(first.getRGB(boxLeft + (2 + 2) * cell + cell / 2, middle), 0xFFFFFF)).as("the 8's waist").isTrue();
            assertThat(close(first.getRGB(boxLeft + (2 + 2) * cell + cell / 2, middle - cell), 0)).as("the 8's upper hole").isTrue();

            int squareRow = 720 * 3 / 4 + 90;
            int squareAt = whiteRunStart(first, squareRow);
            card.fill(frame, 9);
            int nextAt = whiteRunStart(FrameImages.toImage(frame, shape, Integer.MAX_VALUE), squareRow);
            assertThat(nextAt - squareAt).as("the square's step per frame").isEqualTo(1280 / 160);
        }
    }

    @Test
    void fillingAndCheckingTheCardAllocateNothingPerFrame() {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
                "this JVM does not report per-thread allocation");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        FrameDescriptor shape = FrameDescriptor.texture2d(96, 54, PixelFormat.ABGR8888);
        TestPattern card = TestPattern.card(shape);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment frame = arena.allocate(shape.size());
            long wrong = 0;
            long allocated = Long.MAX_VALUE;
            // Rounds until the JIT has compiled the loops (later on a loaded machine); the least a round allocated counts.
            for (int round = 0; round < 8 && allocated >= 16_384; round++) {
                long before = threads.getCurrentThreadAllocatedBytes();
                wrong += fillAndCheck(card, frame);
                allocated = Math.min(allocated, threads.getCurrentThreadAllocatedBytes() - before);
            }
            assertThat(wrong).isZero();
            // A few kilobytes of slack for JIT or safepoint bookkeeping charged to this thread.
            assertThat(allocated).as("bytes allocated by 20000 frames").isLessThan(16_384);
        }
    }

    private static long fillAndCheck(TestPattern card, MemorySegment frame) {
        long wrong = 0;
        for (long id = 1; id <= 20_000; id++) {
            card.fill(frame, id);
            wrong += card.verify(frame, id, true) == null ? 0 : 1;
        }
        return wrong;
    }

    /** Within the stamp's 3 per channel. */
    private static boolean close(int argb, int rgb) {
        for (int shift = 0; shift < 24; shift += 8) {
            if (Math.abs((argb >>> shift & 0xFF) - (rgb >>> shift & 0xFF)) > 3) {
                return false;
            }
        }
        return true;
    }

    private static int whiteRunStart(BufferedImage image, int y) {
        for (int x = 0; x < image.getWidth(); x++) {
            if (close(image.getRGB(x, y), 0xFFFFFF)) {
                return x;
            }
        }
        throw new AssertionError("no white in row " + y);
    }
}
