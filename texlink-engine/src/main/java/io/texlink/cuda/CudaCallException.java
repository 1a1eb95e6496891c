package io.texlink.cuda;

import io.texlink.TexlinkResourceException;
import jcuda.driver.CUresult;

/**
 * A CUDA driver call returned an error. The message names the call, the {@code CUresult} by name
 * and number, and what the call was working on, e.g. {@code cuImportExternalMemory failed:
 * CUDA_ERROR_INVALID_VALUE (1); buffer 0 (TEXTURE_2D 640x480 ABGR8888), 1310720 bytes, dedicated}.
 */
public final class CudaCallException extends TexlinkResourceException {
    private final String call;
    private final int result;

    /**
     * @param call   the driver function, e.g. {@code "cuMemMap"}
     * @param result the {@code CUresult} it returned (not 0)
     * @param detail what it was working on; empty for nothing
     */
    public CudaCallException(String call, int result, String detail) {
        super(call + " failed: " + resultName(result) + " (" + result + ")" + (detail.isEmpty() ? "" : "; " + detail));
        this.call = call;
        this.result = result;
    }

    /** The driver function that failed. */
    public String call() {
        return call;
    }

    /** The {@code CUresult} number, as in {@code cuda.h}. */
    public int result() {
        return result;
    }

    /** The {@code CUresult}'s name as in {@code cuda.h}, e.g. {@code CUDA_ERROR_OUT_OF_MEMORY}. */
    public String resultName() {
        return resultName(result);
    }

    /** The name {@code cuda.h} gives a {@code CUresult} (JCuda's table; needs no driver). */
    public static String resultName(int result) {
        return CUresult.stringFor(result);
    }

    /** Throws unless {@code result} is {@code CUDA_SUCCESS}. Allocation-free when it is. */
    static void check(int result, String call) {
        if (result != CUresult.CUDA_SUCCESS) {
            throw new CudaCallException(call, result, "");
        }
    }

    /** Throws with {@code detail} unless {@code result} is {@code CUDA_SUCCESS}. */
    static void check(int result, String call, String detail) {
        if (result != CUresult.CUDA_SUCCESS) {
            throw new CudaCallException(call, result, detail);
        }
    }
}
