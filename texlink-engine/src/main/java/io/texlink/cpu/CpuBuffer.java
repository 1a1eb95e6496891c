package io.texlink.cpu;

import io.texlink.FrameDescriptor;
import io.texlink.backend.ExportedBuffer;
import io.texlink.backend.ImportedBuffer;
import io.texlink.posix.MemoryMapping;
import io.texlink.posix.OwnedFd;

import java.lang.foreign.MemorySegment;

/**
 * A memfd or DMA-BUF mapped into this process: writable on the producer side, read-only on the
 * consumer side. DMA-BUF access is bracketed with {@link DmaBufSync}.
 */
final class CpuBuffer implements ExportedBuffer, ImportedBuffer {
    private final OwnedFd fd;
    private final MemoryMapping mapping;
    private final FrameDescriptor descriptor;
    private final DmaBufSync sync; // null for memfd

    CpuBuffer(OwnedFd fd, MemoryMapping mapping, FrameDescriptor descriptor, DmaBufSync sync) {
        this.fd = fd;
        this.mapping = mapping;
        this.descriptor = descriptor;
        this.sync = sync;
    }

    @Override
    public int exportDescriptor() {
        return fd.fd();
    }

    @Override
    public FrameDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public MemorySegment cpuMemory() {
        return mapping.segment();
    }

    @Override
    public void beginWrite() {
        if (sync != null) {
            sync.start();
        }
    }

    @Override
    public long endWrite() {
        if (sync != null) {
            sync.end();
        }
        return 0;
    }

    @Override
    public void abortWrite() {
        endWrite();
    }

    @Override
    public void beginRead(long syncValue) {
        beginWrite();
    }

    @Override
    public void endRead() {
        endWrite();
    }

    @Override
    public void close() {
        mapping.close();
        if (sync != null) {
            sync.close();
        }
        fd.close();
    }
}
