package io.texlink.cuda;

import jcuda.driver.CUarray;
import jcuda.driver.CUmipmappedArray;

/**
 * The device memory behind a {@link CudaFrame}: linear memory at a device address, or a CUDA
 * array. Its calls expect the owning context to be current.
 */
interface FrameMemory extends AutoCloseable {
    /** Device address of linear memory; 0 for an array. */
    long address();

    /** The array's mipmapped handle (one level); null for linear memory. */
    CUmipmappedArray mipmappedArray();

    /** Level 0 of the array; null for linear memory. */
    CUarray array();

    /** For messages and logs, e.g. "VMM allocation of 2097152 bytes at 0x7f1c00000000". */
    String describe();

    @Override
    void close();
}
