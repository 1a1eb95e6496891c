package io.texlink.cpu;

import io.texlink.posix.Libc;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * {@code DMA_BUF_IOCTL_SYNC} bracketing of CPU access to a DMA-BUF (linux/dma-buf.h), with the
 * ioctl argument allocated once so each frame's calls allocate nothing.
 */
final class DmaBufSync implements AutoCloseable {
    /** _IOW('b', 0, struct dma_buf_sync { __u64 flags; }). */
    static final long DMA_BUF_IOCTL_SYNC = 0x40086200L;
    static final long SYNC_READ = 1, SYNC_WRITE = 2, SYNC_START = 0, SYNC_END = 4;

    private final int fd;
    private final long direction;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment argument = arena.allocate(ValueLayout.JAVA_LONG);

    DmaBufSync(int fd, boolean write) {
        this.fd = fd;
        this.direction = write ? SYNC_WRITE : SYNC_READ;
    }

    void start() {
        argument.set(ValueLayout.JAVA_LONG, 0, SYNC_START | direction);
        Libc.ioctl(fd, DMA_BUF_IOCTL_SYNC, argument);
    }

    void end() {
        argument.set(ValueLayout.JAVA_LONG, 0, SYNC_END | direction);
        Libc.ioctl(fd, DMA_BUF_IOCTL_SYNC, argument);
    }

    @Override
    public void close() {
        arena.close();
    }
}
