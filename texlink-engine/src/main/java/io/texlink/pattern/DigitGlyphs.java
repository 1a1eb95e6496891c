package io.texlink.pattern;

/**
 * The digits 0 to 9 as 5×7 cell bitmaps, for the frame number on the test card. Each glyph is
 * seven rows, top first; bit 4 of a row is its leftmost cell.
 */
final class DigitGlyphs {
    static final int COLUMNS = 5;
    static final int ROWS = 7;

    private static final int[][] GLYPHS = {
            { 0b01110, 0b10001, 0b10011, 0b10101, 0b11001, 0b10001, 0b01110 },
            { 0b00100, 0b01100, 0b00100, 0b00100, 0b00100, 0b00100, 0b01110 },
            { 0b01110, 0b10001, 0b00001, 0b00010, 0b00100, 0b01000, 0b11111 },
            { 0b11111, 0b00010, 0b00100, 0b00010, 0b00001, 0b10001, 0b01110 },
            { 0b00010, 0b00110, 0b01010, 0b10010, 0b11111, 0b00010, 0b00010 },
            { 0b11111, 0b10000, 0b11110, 0b00001, 0b00001, 0b10001, 0b01110 },
            { 0b00110, 0b01000, 0b10000, 0b11110, 0b10001, 0b10001, 0b01110 },
            { 0b11111, 0b00001, 0b00010, 0b00100, 0b01000, 0b01000, 0b01000 },
            { 0b01110, 0b10001, 0b10001, 0b01110, 0b10001, 0b10001, 0b01110 },
            { 0b01110, 0b10001, 0b10001, 0b01111, 0b00001, 0b00010, 0b01100 },
    };

    private DigitGlyphs() {
    }

    /** True where cell ({@code column}, {@code row}) of {@code digit}'s glyph is lit. */
    static boolean lit(int digit, int column, int row) {
        return (GLYPHS[digit][row] >>> (COLUMNS - 1 - column) & 1) != 0;
    }
}
