package io.texlink.cpu;

import io.texlink.Backend;
import io.texlink.FrameDescriptor;
import io.texlink.HandleType;
import io.texlink.backend.ExportedBuffer;
import io.texlink.backend.FrameAllocator;
import io.texlink.posix.MemoryMapping;
import io.texlink.posix.OwnedFd;
import io.texlink.posix.SealedMemfd;

/**
 * CPU frames in sealed memfds (handle type OPAQUE_FD): works on every Linux since 3.17 and needs
 * no device. Each buffer is mapped once, read-write.
 */
public final class MemfdFrameAllocator implements FrameAllocator {
    @Override
    public Backend backend() {
        return Backend.CPU;
    }

    @Override
    public HandleType handleType() {
        return HandleType.OPAQUE_FD;
    }

    @Override
    public ExportedBuffer allocate(int index, FrameDescriptor requested) {
        OwnedFd fd = SealedMemfd.create("texlink-frame-" + index, requested.size());
        try {
            return new CpuBuffer(fd, MemoryMapping.readWrite(fd.fd(), requested.size()), requested, null);
        } catch (RuntimeException e) {
            fd.close();
            throw e;
        }
    }
}
