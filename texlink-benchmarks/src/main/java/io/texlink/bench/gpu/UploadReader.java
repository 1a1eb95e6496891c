package io.texlink.bench.gpu;

import io.texlink.WaitStrategy;
import io.texlink.bench.FrameHeader;
import io.texlink.bench.FrameSize;
import io.texlink.bench.TexlinkReceiver;
import io.texlink.bench.TrialSpec;
import io.texlink.cpu.CpuFrameImporter;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUstream;
import jcuda.driver.JCudaDriver;

import java.lang.foreign.MemorySegment;

/**
 * The consumer of readback + copy + upload: acquires the texlink CPU frame in place and uploads
 * its pixels with {@code cuMemcpyHtoDAsync} from that shared (pageable) memory into a
 * {@code cuMemAlloc} buffer, from which the {@link GpuStamp} is read back. The latency runs from
 * the producer's timestamp in the {@link FrameHeader}, taken once the frame's GPU write was queued
 * and before the readback, to the stream's completion.
 */
public final class UploadReader extends HostNoticeReader {
    private static final String WHAT = "readback + copy + upload consumer";

    private final long bytes;
    private final CUdeviceptr frame = new CUdeviceptr();
    /** The pixels of each shared buffer, as JCuda host pointers made once (by buffer index). */
    private final Pointer[] sources;
    private boolean allocated;

    private UploadReader(FrameSize size, int buffers) {
        super(WHAT);
        this.bytes = size.bytes();
        this.sources = new Pointer[buffers];
        try {
            CudaCalls.check(JCudaDriver.cuMemAlloc(frame, bytes), "cuMemAlloc", WHAT + ", " + bytes + " bytes");
            allocated = true;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The trial's receiver: blocking waits (texlink's default), CPU frames mapped in place. */
    public static TexlinkReceiver receiver(TrialSpec spec) {
        return new TexlinkReceiver(spec, WaitStrategy.blocking(), CpuFrameImporter::new,
                new UploadReader(spec.cell().size(), spec.cell().buffers()));
    }

    @Override
    CUdeviceptr queue(int index, MemorySegment memory, CUstream stream) {
        if (sources[index] == null) {
            sources[index] = new Pointer().withByteOffset(memory.address() + HostFrameLayout.PAYLOAD);
        }
        CudaCalls.check(JCudaDriver.cuMemcpyHtoDAsync(frame, sources[index], bytes, stream), "cuMemcpyHtoDAsync", WHAT);
        return frame;
    }

    @Override
    void release() {
        if (allocated) {
            allocated = false;
            CudaCalls.check(JCudaDriver.cuMemFree(frame), "cuMemFree", WHAT + ", the upload buffer");
        }
    }
}
