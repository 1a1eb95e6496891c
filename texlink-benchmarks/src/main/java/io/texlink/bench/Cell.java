package io.texlink.bench;

/**
 * One configuration the suite measures: a method at a frame size and publish rate, with a number
 * of consumers and buffers. Each round runs every cell once.
 *
 * @param method    how frames travel
 * @param size      frame size (ignored by the 24-byte baselines)
 * @param rate      frames per second the producer paces to; 0 for flat out
 * @param consumers consumer processes (texlink only may have more than one)
 * @param buffers   buffers texlink rotates through (1..3)
 */
public record Cell(Method method, FrameSize size, int rate, int consumers, int buffers) {

    public Cell {
        if (consumers != 1 && !method.isTexlink()) {
            throw new IllegalArgumentException(method + " serves one consumer, not " + consumers);
        }
        if (rate < 0 || buffers < 1 || buffers > 3 || consumers < 1) {
            throw new IllegalArgumentException("bad cell: rate " + rate + ", buffers " + buffers + ", consumers " + consumers);
        }
    }

    /** One consumer, triple buffering: the setting of the latency comparisons. */
    public static Cell paced(Method method, FrameSize size, int rate) {
        return new Cell(method, size, rate, 1, 3);
    }

    /** "24 B" for the baselines that carry no frame, else the size's label. */
    public String sizeLabel() {
        return method.carriesFrames() ? size.label() : "24 B";
    }

    /** "1000/s" or "flat out". */
    public String rateLabel() {
        return rate == 0 ? "flat out" : rate + "/s";
    }

    @Override
    public String toString() {
        return method.label() + ", " + sizeLabel() + ", " + rateLabel() + ", " + consumers + " consumer"
                + (consumers == 1 ? "" : "s") + ", " + buffers + " buffer" + (buffers == 1 ? "" : "s");
    }
}
