package io.texlink.pattern;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Draws and checks the {@link TestCard} of one frame at a time, on one thread: where this frame's
 * number box and square are, and a scratch row for the rows that lay them over a template.
 *
 * <p>A row is its template (bars, grey scale or dark band, with the number or the square painted
 * over it where they cross the row) OR'd with the stamp, a long word at a time; drawing and
 * checking share that one expression, so they cannot disagree. Allocates nothing per frame.
 */
final class CardPainter implements TestPattern.RowCheck {
    /** Decimal digits of the largest unsigned 64-bit id. */
    private static final int MAX_DIGITS = 20;
    /** Cells of black around the digits, on each side of the box. */
    private static final int MARGIN_CELLS = 2;
    /** A digit and the gap after it, in cells. */
    private static final int DIGIT_PITCH_CELLS = DigitGlyphs.COLUMNS + 1;
    private static final int BOX_ROWS = DigitGlyphs.ROWS + 2 * MARGIN_CELLS;
    /** The digits' cells are 1/26 of the height: a digit is 7/26 of the frame tall where the width allows. */
    private static final int HEIGHT_PER_CELL = 26;

    private final TestCard card;
    private final MemorySegment scratch;
    /** This frame's number, most significant digit first. */
    private final int[] digits = new int[MAX_DIGITS];
    private long frameId;
    private int digitCount;
    /** Pixels per glyph cell; 0 where the number does not fit the frame (it is then left out). */
    private int cell;
    private int boxLeft;
    private int boxTop;
    private int boxWidth;
    private int boxHeight;
    private int squareLeft;

    CardPainter(TestCard card) {
        this.card = card;
        this.scratch = Arena.ofAuto().allocate(card.rowBytes);
    }

    /** Lays out frame {@code id}: its number's box and the square's place; returns this. */
    CardPainter prepare(long id) {
        frameId = id;
        digitCount = 0;
        long rest = id;
        do {
            digits[digitCount++] = (int) Long.remainderUnsigned(rest, 10);
            rest = Long.divideUnsigned(rest, 10);
        } while (rest != 0);
        for (int i = 0, j = digitCount - 1; i < j; i++, j--) {
            int least = digits[i];
            digits[i] = digits[j];
            digits[j] = least;
        }
        int boxCells = digitCount * DIGIT_PITCH_CELLS - 1 + 2 * MARGIN_CELLS;
        cell = Math.min(card.height / HEIGHT_PER_CELL, Math.min(card.barsEnd / BOX_ROWS, card.width / boxCells));
        boxWidth = boxCells * cell;
        boxHeight = BOX_ROWS * cell;
        boxLeft = (card.width - boxWidth) / 2;
        boxTop = (card.barsEnd - boxHeight) / 2;
        long travel = card.width - card.squareSide;
        if (travel == 0) {
            squareLeft = 0;
        } else { // there and back: a triangle wave of period 2·travel
            long at = Math.floorMod(Math.floorMod(id, 2 * travel) * card.squareStep, 2 * travel);
            squareLeft = (int) (at <= travel ? at : 2 * travel - at);
        }
        return this;
    }

    /** Writes the prepared frame into {@code frame}: every row, then the id and the tag. */
    void fill(MemorySegment frame) {
        for (long y = 0; y < card.rows; y++) {
            MemorySegment template = templateRow((int) (y % card.height));
            long base = y * card.stride;
            long phase = phase(y);
            long k = 0;
            for (; k <= card.rowBytes - Long.BYTES; k += Long.BYTES) {
                frame.set(TestPattern.WORD, base + k, expectedWord(template, phase, k));
            }
            for (; k < card.rowBytes; k++) {
                frame.set(ValueLayout.JAVA_BYTE, base + k, expectedByte(template, phase, k));
            }
        }
        frame.set(TestPattern.WORD, 0, frameId);
        frame.set(TestPattern.WORD, Long.BYTES, TestCard.TAG);
    }

    /** Checks row {@code y} (of all layers) of the prepared frame; the header is checked by the caller. */
    @Override
    public String checkRow(MemorySegment frame, long id, long y) {
        MemorySegment template = templateRow((int) (y % card.height));
        long base = y * card.stride;
        long phase = phase(y);
        long k = y == 0 ? TestCard.HEADER_BYTES : 0;
        for (; k <= card.rowBytes - Long.BYTES; k += Long.BYTES) {
            long expected = expectedWord(template, phase, k);
            long actual = frame.get(TestPattern.WORD, base + k);
            if (actual != expected) {
                int at = Long.numberOfTrailingZeros(actual ^ expected) / Byte.SIZE;
                return difference(y, k + at, (byte) (actual >>> Byte.SIZE * at), (byte) (expected >>> Byte.SIZE * at));
            }
        }
        for (; k < card.rowBytes; k++) {
            byte expected = expectedByte(template, phase, k);
            byte actual = frame.get(ValueLayout.JAVA_BYTE, base + k);
            if (actual != expected) {
                return difference(y, k, actual, expected);
            }
        }
        return null;
    }

    private String difference(long y, long at, byte actual, byte expected) {
        return "test card row " + y + " differs at byte " + at + ": 0x" + Integer.toHexString(actual & 0xFF) + ", expected 0x"
                + Integer.toHexString(expected & 0xFF) + " (frame " + frameId + ")";
    }

    private long expectedWord(MemorySegment template, long phase, long k) {
        return template.get(TestPattern.WORD, k) | card.stamp.get(TestPattern.WORD, phase + k) & card.stampMask;
    }

    private byte expectedByte(MemorySegment template, long phase, long k) {
        long mask = card.stampMask >>> Byte.SIZE * (k & 7);
        return (byte) (template.get(ValueLayout.JAVA_BYTE, k) | card.stamp.get(ValueLayout.JAVA_BYTE, phase + k) & mask);
    }

    private long phase(long y) {
        return Math.floorMod(7 * y + 13 * frameId, TestCard.STAMP_PERIOD);
    }

    /** Row {@code y} of a layer without the stamp: a template, or the scratch row with the number or square over one. */
    private MemorySegment templateRow(int y) {
        if (y < card.barsEnd) {
            if (cell == 0 || y < boxTop || y >= boxTop + boxHeight) {
                return card.barsRow;
            }
            MemorySegment.copy(card.barsRow, 0, scratch, 0, card.rowBytes);
            paint(card.blackRow, boxLeft, boxWidth);
            int glyphRow = (y - boxTop) / cell - MARGIN_CELLS;
            if (glyphRow >= 0 && glyphRow < DigitGlyphs.ROWS) {
                for (int d = 0; d < digitCount; d++) {
                    int left = boxLeft + (MARGIN_CELLS + d * DIGIT_PITCH_CELLS) * cell;
                    for (int column = 0; column < DigitGlyphs.COLUMNS; column++) {
                        if (DigitGlyphs.lit(digits[d], column, glyphRow)) {
                            paint(card.whiteRow, left + column * cell, cell);
                        }
                    }
                }
            }
            return scratch;
        }
        if (y < card.greyEnd) {
            return card.greyRow;
        }
        if (y < card.squareTop || y >= card.squareTop + card.squareSide) {
            return card.darkRow;
        }
        MemorySegment.copy(card.darkRow, 0, scratch, 0, card.rowBytes);
        paint(card.whiteRow, squareLeft, card.squareSide);
        return scratch;
    }

    /** Copies pixels {@code left} to {@code left + count} of the solid row {@code colour} into the scratch row. */
    private void paint(MemorySegment colour, int left, int count) {
        long at = (long) left * card.bytesPerPixel;
        MemorySegment.copy(colour, at, scratch, at, (long) count * card.bytesPerPixel);
    }
}
