package io.texlink.pattern;

import io.texlink.FrameDescriptor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/**
 * The test card: a picture a person recognises, whose every byte is still a function of the
 * frame id and the byte's position, so a consumer checks each frame exactly.
 *
 * <p>Each layer (the one layer of a 2D texture, each slice of a 3D one, each face of a cube)
 * shows, top to bottom: seven colour bars at 75 % (white, yellow, cyan, green, magenta, red, blue)
 * over two thirds of the height, with the frame number in large white digits on a black box in
 * their middle; a grey scale of 16 steps; and a dark band in which a white square bounces from
 * side to side, one step per frame. The two lowest bits of every colour byte (see
 * {@link Palette}) carry a stamp that depends on the frame id and the row, like the stripes'
 * phase ({@code stamp of byte b in row y = S[(b + 7y + 13·id) mod 256]}, S a fixed pseudo-random
 * table), so a stale, torn or shifted row of an older frame does not match, even where the
 * picture did not move.
 *
 * <p>Bytes 0–7 of the frame hold the frame id (little-endian, as the stripes have it) and bytes
 * 8–15 the tag {@code TEXLCARD}, by which a verifier tells the card from the stripes (whose bytes
 * 8–15 step by 37 and never spell it). Frames need a pixel format and rows of at least 16 bytes.
 *
 * <p>Immutable; the drawing state of a frame lives in a {@link CardPainter} per thread.
 */
final class TestCard {
    /** Bytes 8–15 of every card frame: "TEXLCARD". */
    static final long TAG = MemorySegment.ofArray("TEXLCARD".getBytes(StandardCharsets.US_ASCII)).get(TestPattern.WORD, 0);
    static final int STAMP_PERIOD = 256;
    /** The header: the frame id, then the tag. */
    static final int HEADER_BYTES = 16;

    private static final int[] BARS = { 0xBFBFBF, 0xBFBF00, 0x00BFBF, 0x00BF00, 0xBF00BF, 0xBF0000, 0x0000BF };
    private static final int GREY_STEPS = 16;
    private static final int DARK = 0x101010;
    private static final int BLACK = 0x000000;
    private static final int WHITE = 0xFFFFFF;

    final int width;
    final int height;
    final int bytesPerPixel;
    final long rowBytes;
    final long stride;
    final long rows;
    final long stampMask;
    /** The stamp table S, repeated so that any phase can be read a whole row long. */
    final MemorySegment stamp;
    /** Template rows, with the stamp's bits clear: the bars, the grey scale, the dark band, and solid black and white. */
    final MemorySegment barsRow;
    final MemorySegment greyRow;
    final MemorySegment darkRow;
    final MemorySegment blackRow;
    final MemorySegment whiteRow;
    /** Rows of a layer where the bars end and the grey scale ends. */
    final int barsEnd;
    final int greyEnd;
    final int squareSide;
    final int squareTop;
    /** Pixels the square moves per frame. */
    final int squareStep;
    private final ThreadLocal<CardPainter> painters = ThreadLocal.withInitial(() -> new CardPainter(this));

    /** @throws IllegalArgumentException when the card does not {@link #fits fit} the frame */
    TestCard(FrameDescriptor descriptor) {
        if (!fits(descriptor)) {
            throw new IllegalArgumentException("the test card needs a linear texture with rows of at least " + HEADER_BYTES
                    + " bytes, not " + descriptor);
        }
        Palette palette = Palette.of(descriptor.format());
        this.width = descriptor.width();
        this.height = descriptor.height();
        this.bytesPerPixel = palette.bytesPerPixel();
        this.rowBytes = (long) width * bytesPerPixel;
        this.stride = descriptor.stride();
        this.rows = (long) height * descriptor.layers();
        this.stampMask = palette.stampMask();
        this.stamp = stampTable(rowBytes);
        Arena arena = Arena.ofAuto();
        this.barsRow = arena.allocate(rowBytes);
        this.greyRow = arena.allocate(rowBytes);
        this.darkRow = arena.allocate(rowBytes);
        this.blackRow = arena.allocate(rowBytes);
        this.whiteRow = arena.allocate(rowBytes);
        for (int i = 0; i < BARS.length; i++) {
            paint(palette, barsRow, BARS[i], i * width / BARS.length, (i + 1) * width / BARS.length);
        }
        for (int i = 0; i < GREY_STEPS; i++) {
            paint(palette, greyRow, 0x010101 * (i * 255 / (GREY_STEPS - 1)), i * width / GREY_STEPS,
                    (i + 1) * width / GREY_STEPS);
        }
        paint(palette, darkRow, DARK, 0, width);
        paint(palette, blackRow, BLACK, 0, width);
        paint(palette, whiteRow, WHITE, 0, width);
        this.barsEnd = height * 2 / 3;
        this.greyEnd = height * 3 / 4;
        int band = height - greyEnd;
        this.squareSide = Math.min(width, Math.max(1, band * 2 / 3));
        this.squareTop = greyEnd + (band - squareSide) / 2;
        this.squareStep = Math.max(1, width / 160);
    }

    /** True for linear textures in a known pixel format whose rows hold the 16-byte header. */
    static boolean fits(FrameDescriptor d) {
        return d.type().isTexture() && d.stride() > 0 && d.format().bytesPerPixel() > 0
                && (long) d.width() * d.format().bytesPerPixel() >= HEADER_BYTES;
    }

    void fill(MemorySegment frame, long frameId) {
        painters.get().prepare(frameId).fill(frame);
    }

    String verify(MemorySegment frame, long frameId, boolean everyRow) {
        return TestPattern.checkRows(painters.get().prepare(frameId), frame, frameId, rows, everyRow);
    }

    /** Pixels {@code from} (inclusive) to {@code to} (exclusive) of {@code row} in colour {@code rgb}. */
    private void paint(Palette palette, MemorySegment row, int rgb, int from, int to) {
        byte[] pixel = new byte[bytesPerPixel];
        palette.encode(rgb, pixel);
        for (int x = from; x < to; x++) {
            MemorySegment.copy(pixel, 0, row, ValueLayout.JAVA_BYTE, (long) x * bytesPerPixel, bytesPerPixel);
        }
    }

    /**
     * S, a xorshift sequence of period {@value #STAMP_PERIOD}, repeated to cover a phase plus a
     * row plus the 8 bytes a word read past a row's tail may reach.
     */
    private static MemorySegment stampTable(long rowBytes) {
        byte[] period = new byte[STAMP_PERIOD];
        int x = 0x2545F491;
        for (int i = 0; i < period.length; i++) {
            x ^= x << 13;
            x ^= x >>> 17;
            x ^= x << 5;
            period[i] = (byte) (x >>> 24);
        }
        MemorySegment table = Arena.ofAuto().allocate(STAMP_PERIOD + rowBytes + Long.BYTES);
        for (long i = 0; i < table.byteSize(); i++) {
            table.set(ValueLayout.JAVA_BYTE, i, period[(int) (i % STAMP_PERIOD)]);
        }
        return table;
    }
}
