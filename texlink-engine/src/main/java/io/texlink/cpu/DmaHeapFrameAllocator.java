package io.texlink.cpu;

import io.texlink.Backend;
import io.texlink.FrameDescriptor;
import io.texlink.HandleType;
import io.texlink.backend.ExportedBuffer;
import io.texlink.backend.FrameAllocator;
import io.texlink.posix.Libc;
import io.texlink.posix.MemoryMapping;
import io.texlink.posix.OwnedFd;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU frames as DMA-BUFs from {@code /dev/dma_heap/system}, as libtexlink allocates them where the
 * heap exists: any DMA-BUF importer (GPU drivers, V4L2) can take them. CPU writes are bracketed
 * with {@code DMA_BUF_IOCTL_SYNC}.
 */
public final class DmaHeapFrameAllocator implements FrameAllocator {
    /** The system heap device. */
    public static final Path SYSTEM_HEAP = Path.of("/dev/dma_heap/system");
    /** _IOWR('H', 0, struct dma_heap_allocation_data) with the 24-byte struct below. */
    static final long DMA_HEAP_IOCTL_ALLOC = 0xC0184800L;
    // struct dma_heap_allocation_data { __u64 len; __u32 fd; __u32 fd_flags; __u64 heap_flags; }
    private static final long LEN = 0, FD = 8, FD_FLAGS = 12, HEAP_FLAGS = 16, STRUCT_SIZE = 24;

    private final OwnedFd heap;

    private DmaHeapFrameAllocator(OwnedFd heap) {
        this.heap = heap;
    }

    /** True when this machine has a usable system DMA heap. */
    public static boolean isAvailable() {
        return Files.isReadable(SYSTEM_HEAP);
    }

    /** Opens the system heap. */
    public static DmaHeapFrameAllocator open() {
        return new DmaHeapFrameAllocator(new OwnedFd(Libc.open(SYSTEM_HEAP.toString(), Libc.O_RDONLY | Libc.O_CLOEXEC, 0)));
    }

    @Override
    public Backend backend() {
        return Backend.CPU;
    }

    @Override
    public HandleType handleType() {
        return HandleType.DMA_BUF_FD;
    }

    @Override
    public ExportedBuffer allocate(int index, FrameDescriptor requested) {
        OwnedFd fd;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment request = arena.allocate(STRUCT_SIZE, 8);
            request.set(ValueLayout.JAVA_LONG, LEN, requested.size());
            request.set(ValueLayout.JAVA_INT, FD_FLAGS, Libc.O_RDWR | Libc.O_CLOEXEC);
            request.set(ValueLayout.JAVA_LONG, HEAP_FLAGS, 0L);
            Libc.ioctl(heap.fd(), DMA_HEAP_IOCTL_ALLOC, request);
            fd = new OwnedFd(request.get(ValueLayout.JAVA_INT, FD));
        }
        try {
            MemoryMapping mapping = MemoryMapping.readWrite(fd.fd(), requested.size());
            return new CpuBuffer(fd, mapping, requested, new DmaBufSync(fd.fd(), true));
        } catch (RuntimeException e) {
            fd.close();
            throw e;
        }
    }

    @Override
    public void close() {
        heap.close();
    }
}
