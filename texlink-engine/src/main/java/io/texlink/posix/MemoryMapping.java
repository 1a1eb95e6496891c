package io.texlink.posix;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A {@code mmap(MAP_SHARED)} of a file descriptor, unmapped on {@link #close()}. The segment lives
 * in a shared arena whose closing runs munmap, so any later access throws
 * {@link IllegalStateException} rather than touching unmapped memory.
 */
public final class MemoryMapping implements AutoCloseable {
    private final Arena arena;
    private final MemorySegment segment;

    private MemoryMapping(Arena arena, MemorySegment segment) {
        this.arena = arena;
        this.segment = segment;
    }

    /** Maps {@code length} bytes for reading and writing. */
    public static MemoryMapping readWrite(int fd, long length) {
        return map(fd, length, Libc.PROT_READ | Libc.PROT_WRITE);
    }

    /** Maps {@code length} bytes read-only; the segment is read-only too, so a stray write throws. */
    public static MemoryMapping readOnly(int fd, long length) {
        return map(fd, length, Libc.PROT_READ);
    }

    private static MemoryMapping map(int fd, long length, int prot) {
        if (length <= 0) {
            throw new IllegalArgumentException("mapping length must be positive, got " + length);
        }
        MemorySegment address = Libc.mmap(length, prot, Libc.MAP_SHARED, fd);
        Arena arena = Arena.ofShared();
        MemorySegment segment = address.reinterpret(length, arena, s -> Libc.munmap(s, length));
        if ((prot & Libc.PROT_WRITE) == 0) {
            segment = segment.asReadOnly();
        }
        return new MemoryMapping(arena, segment);
    }

    /** The mapped bytes; invalid after {@link #close()}. */
    public MemorySegment segment() {
        return segment;
    }

    @Override
    public void close() {
        if (arena.scope().isAlive()) {
            arena.close();
        }
    }
}
