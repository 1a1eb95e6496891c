package io.texlink.bench.gpu;

import io.texlink.TexlinkTimeoutException;
import io.texlink.cuda.CudaCallException;
import jcuda.driver.CUstream;
import jcuda.driver.JCudaDriver;

import static jcuda.driver.CUresult.CUDA_ERROR_NOT_READY;
import static jcuda.driver.CUresult.CUDA_SUCCESS;

/**
 * Checks of the JCuda calls the GPU methods make themselves: a failure becomes the engine's
 * {@link CudaCallException}, which names the call, the {@code CUresult} and what it worked on.
 */
final class CudaCalls {
    /** The longest a frame's stream may stay busy: far beyond any frame's GPU work, short enough that a hang fails the trial. */
    static final long STREAM_TIMEOUT_NANOS = 5_000_000_000L;

    private CudaCalls() {
    }

    /** Throws unless {@code result} is {@code CUDA_SUCCESS}; allocation-free when it is. */
    static void check(int result, String call, String detail) {
        if (result != CUDA_SUCCESS) {
            throw new CudaCallException(call, result, detail);
        }
    }

    /**
     * Spins on {@code cuStreamQuery} until the work queued on {@code stream} is done: the lowest
     * latency the driver offers, and, unlike {@code cuStreamSynchronize}, bounded. Allocation-free.
     *
     * @param what    the stream's work, for the message
     * @param frameId the frame it works on, for the message
     * @throws TexlinkTimeoutException after {@link #STREAM_TIMEOUT_NANOS}
     */
    static void awaitStream(CUstream stream, String what, long frameId) {
        long start = System.nanoTime();
        while (true) {
            int result = JCudaDriver.cuStreamQuery(stream);
            if (result == CUDA_SUCCESS) {
                return;
            }
            if (result != CUDA_ERROR_NOT_READY) {
                check(result, "cuStreamQuery", what + ", frame " + frameId);
            }
            if (System.nanoTime() - start > STREAM_TIMEOUT_NANOS) {
                throw new TexlinkTimeoutException(what + ": the stream's work on frame " + frameId + " was not done after "
                        + STREAM_TIMEOUT_NANOS / 1_000_000 + " ms (it waits for a signal that never came, or the GPU hangs)");
            }
            Thread.onSpinWait();
        }
    }
}
