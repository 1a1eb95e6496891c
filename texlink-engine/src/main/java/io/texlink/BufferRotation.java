package io.texlink;

import java.util.function.IntPredicate;

/**
 * libtexlink's rule for which buffer the producer may write next: a buffer no consumer holds and
 * that is not the one consumers would acquire now (single buffering has no such choice).
 */
final class BufferRotation {
    private BufferRotation() {
    }

    /**
     * @param bufferCount 1, 2 or 3
     * @param current     index of the last published buffer, -1 before the first publish
     * @param lastWritten index written last, -1 before the first publish
     * @param free        whether a buffer's reference count is 0
     * @return the buffer to write, or -1 when none is free
     */
    static int next(int bufferCount, int current, int lastWritten, IntPredicate free) {
        if (bufferCount == 1) {
            return free.test(0) ? 0 : -1;
        }
        // Double: the one that is not current. Triple: round robin from the last written.
        for (int step = 1; step <= bufferCount; step++) {
            int candidate = (lastWritten + step) % bufferCount;
            if (candidate < 0) {
                candidate += bufferCount;
            }
            if (candidate != current && free.test(candidate)) {
                return candidate;
            }
        }
        return -1;
    }
}
