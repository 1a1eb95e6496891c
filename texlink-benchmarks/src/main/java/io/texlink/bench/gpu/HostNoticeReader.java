package io.texlink.bench.gpu;

import io.texlink.AcquiredFrame;
import io.texlink.bench.FrameHeader;
import io.texlink.bench.FrameReader;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUstream;

import java.lang.foreign.MemorySegment;

/**
 * A consumer of the methods without texlink's GPU sharing (CUDA IPC, readback + copy + upload),
 * whose notice is a texlink CPU frame ({@link HostFrameLayout}): per frame it queues the method's
 * own work on its one CUDA stream ({@link #queue}), then the copy of the {@link GpuStamp}, and
 * waits for the stream. The latency runs from the producer's timestamp in the
 * {@link FrameHeader} to the stream's completion.
 */
abstract sealed class HostNoticeReader implements FrameReader permits IpcReader, UploadReader {
    private final CudaStream cuda;
    private final StampReadback readback;
    private int phase;

    /** @param what the method and side, for messages */
    HostNoticeReader(String what) {
        cuda = new CudaStream(what);
        try {
            readback = new StampReadback(cuda.context().context(), what);
        } catch (RuntimeException e) {
            cuda.close();
            throw e;
        }
    }

    /**
     * Queues the method's work on the frame in buffer {@code index}, whose CPU frame is
     * {@code memory}, on {@code stream}; returns the device memory that then holds its stamp.
     */
    abstract CUdeviceptr queue(int index, MemorySegment memory, CUstream stream);

    /** Frees what the method made; the stream and context are still there. */
    abstract void release();

    @Override
    public final long read(AcquiredFrame acquired, long acquiredNanos) {
        MemorySegment memory = acquired.memory();
        readback.fromDevice(queue(acquired.index(), memory, cuda.stream()), cuda.stream());
        phase = readback.await(cuda.stream(), FrameHeader.frameId(memory));
        return System.nanoTime() - FrameHeader.sendNanos(memory);
    }

    @Override
    public final int phase() {
        return phase;
    }

    /** Frees the stamp's memory and what the method made, then the stream and context. */
    @Override
    public final void close() {
        try {
            readback.close();
            release();
        } finally {
            cuda.close();
        }
    }
}
