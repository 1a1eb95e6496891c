package io.texlink.bench;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Memory of the copy baselines: a file in tmpfs mapped into both processes, and private frame buffers. */
final class FrameMemory {
    private FrameMemory() {
    }

    /** Creates {@code path} with {@code size} bytes and maps it read-write for as long as {@code arena} lives. */
    static MemorySegment create(Path path, long size, Arena arena) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            return channel.map(FileChannel.MapMode.READ_WRITE, 0, size, arena);
        }
    }

    /** Maps an existing file read-only. */
    static MemorySegment open(Path path, long size, Arena arena) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            return channel.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
        }
    }

    /** Memory of {@code size} bytes with every page touched, so no page fault lands in a timed copy. */
    static MemorySegment touched(long size, Arena arena) {
        MemorySegment segment = arena.allocate(size, 64);
        segment.fill((byte) 1);
        return segment;
    }
}
