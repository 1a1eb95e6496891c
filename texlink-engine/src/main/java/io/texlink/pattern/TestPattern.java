package io.texlink.pattern;

import io.texlink.FrameDescriptor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * A moving, verifiable test signal in one of two styles, both with the frame id in the first 8
 * bytes and every byte a function of the frame id and its position, so a consumer checks every
 * frame exactly: any torn, stale or shifted row shows up as a mismatch.
 *
 * <ul>
 *   <li>The <b>test card</b> ({@link #card}): colour bars, a grey scale, a bouncing square and the
 *   frame number in large digits, for textures whose rows hold at least 16 bytes. What
 *   {@code texlink produce} and the demo producer draw on the CPU.</li>
 *   <li>The <b>stripes</b> ({@link #stripes}, also {@code new TestPattern(d)}): diagonal stripes
 *   from one formula, for any frame of 8 bytes or more, buffers included. What the GPU producers'
 *   shader and CUDA kernel and the C test peer compute.</li>
 * </ul>
 *
 * <p>{@link #verify} checks either style whatever this instance {@link #fill fills}: the card
 * carries a tag in bytes 8–15 that the stripes never have, so a consumer needs no configuration to
 * check a CPU producer's card and a GPU producer's stripes alike.
 *
 * <p>Filling and checking allocate nothing per frame. A 1080p RGBA frame's cost, measured, is in
 * the benchmarks' documentation. Thread-safe: each thread draws and checks with its own scratch row.
 */
public final class TestPattern {
    /** The id and the card's tag: little-endian 64-bit words, whatever the platform. */
    static final ValueLayout.OfLong WORD = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Stripes stripes;
    /** Null where the card does not fit this shape: such frames are checked as stripes. */
    private final TestCard card;
    private final boolean fillsCard;

    /**
     * The stripes, as {@link #stripes}.
     *
     * @throws IllegalArgumentException for frames under 8 bytes, too small for the id
     */
    public TestPattern(FrameDescriptor descriptor) {
        this(descriptor, false);
    }

    private TestPattern(FrameDescriptor descriptor, boolean card) {
        if (descriptor.size() < Long.BYTES) {
            throw new IllegalArgumentException("the test pattern needs frames of at least 8 bytes, got " + descriptor.size());
        }
        this.stripes = new Stripes(descriptor);
        this.card = TestCard.fits(descriptor) ? new TestCard(descriptor) : null;
        this.fillsCard = card && this.card != null;
    }

    /** A pattern that fills the stripes. */
    public static TestPattern stripes(FrameDescriptor descriptor) {
        return new TestPattern(descriptor, false);
    }

    /**
     * A pattern that fills the test card where it fits (linear textures in a known format whose
     * rows hold 16 bytes), else the stripes.
     */
    public static TestPattern card(FrameDescriptor descriptor) {
        return new TestPattern(descriptor, true);
    }

    /** True when {@link #fill} draws the test card, false when it draws the stripes. */
    public boolean fillsCard() {
        return fillsCard;
    }

    /** Writes the pattern of frame {@code frameId} into {@code frame}. */
    public void fill(MemorySegment frame, long frameId) {
        if (fillsCard) {
            card.fill(frame, frameId);
        } else {
            stripes.fill(frame, frameId);
        }
    }

    /** The frame id written in the first 8 bytes. */
    public static long frameIdOf(MemorySegment frame) {
        return frame.get(WORD, 0);
    }

    /**
     * Checks {@code frame} against the pattern of {@code expectedId}, in the style the frame
     * carries (the card's tag, else the stripes).
     *
     * @param everyRow false checks the id and up to 16 rows spread over the frame (cheap enough
     *                 for every frame at 4K), true checks every row
     * @return null when the frame is right, else what is wrong
     */
    public String verify(MemorySegment frame, long expectedId, boolean everyRow) {
        long id = frameIdOf(frame);
        if (id != expectedId) {
            return "frame id in the pixels is " + id + ", expected " + expectedId;
        }
        if (card != null && frame.get(WORD, Long.BYTES) == TestCard.TAG) {
            return card.verify(frame, expectedId, everyRow);
        }
        return stripes.verify(frame, expectedId, everyRow);
    }

    /** Checks one row of a frame: null when it is right, else what is wrong. */
    interface RowCheck {
        String checkRow(MemorySegment frame, long frameId, long y);
    }

    /** Up to 16 rows spread over the frame and its last row, or every row; the first wrong one's text, or null. */
    static String checkRows(RowCheck check, MemorySegment frame, long frameId, long rows, boolean everyRow) {
        long step = everyRow || rows <= 16 ? 1 : rows / 16;
        for (long y = 0; y < rows; y += step) {
            String wrong = check.checkRow(frame, frameId, y);
            if (wrong != null) {
                return wrong;
            }
        }
        return everyRow ? null : check.checkRow(frame, frameId, rows - 1);
    }
}
