package io.texlink.bench.gpu;

import jcuda.Pointer;
import jcuda.driver.CUDA_MEMCPY2D;
import jcuda.driver.CUarray;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUstream;
import jcuda.driver.JCudaDriver;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static jcuda.driver.CUmemorytype.CU_MEMORYTYPE_ARRAY;
import static jcuda.driver.CUmemorytype.CU_MEMORYTYPE_HOST;

/**
 * The consumer's touch of a frame: the {@link GpuStamp} copied to pinned host memory on a CUDA
 * stream, the stream awaited, the stamp checked. When {@link #await} returns, the frame is usable
 * by that stream and this consumer has proof it saw the producer's write.
 *
 * <p>Makes {@code context} current on the calling thread, which must be the only one using it.
 */
final class StampReadback implements AutoCloseable {
    private final Pointer host = new Pointer();
    private final ByteBuffer words;
    private final String what;

    /** @param what the method, for messages */
    StampReadback(CUcontext context, String what) {
        this.what = what;
        CudaCalls.check(JCudaDriver.cuCtxSetCurrent(context), "cuCtxSetCurrent", what);
        CudaCalls.check(JCudaDriver.cuMemAllocHost(host, GpuStamp.BYTES), "cuMemAllocHost",
                what + ", " + GpuStamp.BYTES + " bytes of pinned host memory for the stamp");
        words = host.getByteBuffer(0, GpuStamp.BYTES).order(ByteOrder.nativeOrder());
    }

    /** Queues the copy of the stamp from the first bytes of linear device memory. */
    void fromDevice(CUdeviceptr frame, CUstream stream) {
        clear();
        CudaCalls.check(JCudaDriver.cuMemcpyDtoHAsync(host, frame, GpuStamp.BYTES, stream), "cuMemcpyDtoHAsync", what);
    }

    /** The copy of the stamp from the first texels of row 0 of {@code array}, for {@link #fromArray}. */
    CUDA_MEMCPY2D arrayCopy(CUarray array) {
        CUDA_MEMCPY2D copy = new CUDA_MEMCPY2D();
        copy.srcMemoryType = CU_MEMORYTYPE_ARRAY;
        copy.srcArray = array;
        copy.dstMemoryType = CU_MEMORYTYPE_HOST;
        copy.dstHost = host;
        copy.dstPitch = GpuStamp.BYTES;
        copy.WidthInBytes = GpuStamp.BYTES;
        copy.Height = 1;
        return copy;
    }

    /** Queues {@code copy} (from {@link #arrayCopy}). */
    void fromArray(CUDA_MEMCPY2D copy, CUstream stream) {
        clear();
        CudaCalls.check(JCudaDriver.cuMemcpy2DAsync(copy, stream), "cuMemcpy2DAsync", what);
    }

    /**
     * Waits until {@code stream} is done, then checks the stamp against frame {@code frameId}.
     *
     * @return the frame's {@link io.texlink.bench.FrameHeader} phase
     */
    int await(CUstream stream, long frameId) {
        CudaCalls.awaitStream(stream, what, frameId);
        return GpuStamp.verify(words, frameId, what);
    }

    /** Zeroes the host copy, so that a copy that did not happen cannot pass for the last frame's. */
    private void clear() {
        for (int i = 0; i < GpuStamp.WORDS; i++) {
            words.putInt(i * Integer.BYTES, 0);
        }
    }

    /** Frees the pinned memory (its context must still be alive). */
    @Override
    public void close() {
        CudaCalls.check(JCudaDriver.cuMemFreeHost(host), "cuMemFreeHost", what + ", the stamp's pinned memory");
    }
}
