package io.texlink.spring.backend;

import io.texlink.ServerOptions;
import io.texlink.backend.FrameAllocator;
import io.texlink.backend.FrameImporter;
import io.texlink.cpu.CpuFrameImporter;

/**
 * Frames in CPU memory: DMA-BUF from the system heap where the kernel offers one, else sealed
 * memfd; consumers map them read-only. Needs nothing but Linux.
 */
public final class CpuBackend implements TexlinkBackend {

    @Override
    public BackendType type() {
        return BackendType.CPU;
    }

    @Override
    public FrameAllocator newAllocator() {
        return ServerOptions.defaultCpuAllocator();
    }

    @Override
    public FrameImporter newImporter() {
        return new CpuFrameImporter();
    }

    @Override
    public String toString() {
        return "texlink CPU backend";
    }
}
