package io.texlink;

/** How many buffers a session rotates through; the wire value equals the buffer count. */
public enum Buffering {
    SINGLE(1), DOUBLE(2), TRIPLE(3);

    private final int count;

    Buffering(int count) {
        this.count = count;
    }

    /** Number of buffers, which is also the 4-byte wire value. */
    public int bufferCount() {
        return count;
    }

    /** @throws IllegalArgumentException unless {@code count} is 1, 2 or 3 */
    public static Buffering ofCount(int count) {
        for (Buffering b : values()) {
            if (b.count == count) {
                return b;
            }
        }
        throw new IllegalArgumentException("buffer count must be 1, 2 or 3, got " + count);
    }
}
