package io.texlink.bench.gpu;

import io.texlink.cuda.CudaContext;
import jcuda.driver.CUstream;
import jcuda.driver.JCudaDriver;

import static jcuda.driver.CUstream_flags.CU_STREAM_NON_BLOCKING;

/**
 * The CUDA side of a process that uses CUDA on its own (the CUDA IPC producer, the CUDA IPC and
 * upload consumers): the primary context of device 0, current on the calling thread, and one
 * non-blocking stream for all its work. Closing destroys the stream and releases the context.
 */
final class CudaStream implements AutoCloseable {
    private final CudaContext context;
    private final CUstream stream = new CUstream();

    /** @param what the method and side, for messages */
    CudaStream(String what) {
        context = CudaContext.open(0);
        try {
            CudaCalls.check(JCudaDriver.cuCtxSetCurrent(context.context()), "cuCtxSetCurrent", what + ", " + context.device());
            CudaCalls.check(JCudaDriver.cuStreamCreate(stream, CU_STREAM_NON_BLOCKING), "cuStreamCreate", what);
        } catch (RuntimeException e) {
            context.close();
            throw e;
        }
    }

    CudaContext context() {
        return context;
    }

    CUstream stream() {
        return stream;
    }

    @Override
    public void close() {
        try {
            CudaCalls.check(JCudaDriver.cuStreamDestroy(stream), "cuStreamDestroy", context.device().toString());
        } finally {
            context.close();
        }
    }
}
