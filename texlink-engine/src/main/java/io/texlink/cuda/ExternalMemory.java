package io.texlink.cuda;

import io.texlink.TexlinkUnsupportedException;
import io.texlink.posix.OwnedFd;
import jcuda.driver.CUarray;
import jcuda.driver.CUmipmappedArray;
import jcuda.driver.JCudaDriver;

import java.lang.System.Logger.Level;
import java.lang.foreign.MemorySegment;

import static io.texlink.cuda.CudaCallException.check;

/**
 * Memory another API exported as OPAQUE_FD (a Vulkan {@code VkDeviceMemory}, or GL memory made by
 * Vulkan), imported with {@code cuImportExternalMemory} and mapped whole: as linear memory
 * ({@code cuExternalMemoryGetMappedBuffer}) for buffers and linear images, or as a one-level CUDA
 * array ({@code cuExternalMemoryGetMappedMipmappedArray}) for optimal-tiled images, whose layout
 * only the driver knows. The driver gets a duplicate of the descriptor (it owns it after a
 * successful import), so the caller's stays the caller's to close.
 */
final class ExternalMemory implements FrameMemory {
    private static final System.Logger LOG = System.getLogger(ExternalMemory.class.getName());

    private final MemorySegment handle;
    private final boolean dedicated;
    private final long address;
    private final CUmipmappedArray mipmapped;
    private final CUarray array;

    private ExternalMemory(MemorySegment handle, boolean dedicated, long address, CUmipmappedArray mipmapped, CUarray array) {
        this.handle = handle;
        this.dedicated = dedicated;
        this.address = address;
        this.mipmapped = mipmapped;
        this.array = array;
    }

    /**
     * Imports and maps {@code size} bytes behind {@code fd}; the context must be current.
     *
     * @param shape null for linear memory, else the array to map
     * @throws CudaCallException when the driver refuses (after the second try under AUTO)
     */
    static ExternalMemory importAndMap(int fd, long size, CudaArrayShape shape, DedicatedAllocation policy, String what) {
        boolean first = switch (policy) {
            case AUTO -> shape != null;
            case DEDICATED -> true;
            case NOT_DEDICATED -> false;
        };
        try {
            return importAndMap(fd, size, shape, first, what);
        } catch (CudaCallException e) {
            if (policy != DedicatedAllocation.AUTO) {
                throw e;
            }
            try {
                ExternalMemory memory = importAndMap(fd, size, shape, !first, what);
                LOG.log(Level.INFO, "texlink cuda: {0} imports only as {1} memory ({2} failed: {3})", what,
                        dedicated(!first), dedicated(first), e.getMessage());
                return memory;
            } catch (CudaCallException second) {
                second.addSuppressed(e);
                throw second;
            }
        }
    }

    private static ExternalMemory importAndMap(int fd, long size, CudaArrayShape shape, boolean dedicated, String what) {
        String detail = what + " as " + dedicated(dedicated) + " memory";
        MemorySegment handle = OwnedFd.importDuplicate(fd, driverFd -> CudaDriver.importExternalMemory(driverFd, size, dedicated, what));
        try {
            if (shape == null) {
                return new ExternalMemory(handle, dedicated, CudaDriver.mappedBuffer(handle, size, detail), null, null);
            }
            CUmipmappedArray mipmapped = JCudaHandles.mipmappedArray(CudaDriver.mappedMipmappedArray(handle, shape, detail));
            CUarray level = new CUarray();
            int result = JCudaDriver.cuMipmappedArrayGetLevel(level, mipmapped, 0);
            if (result != 0) {
                JCudaDriver.cuMipmappedArrayDestroy(mipmapped);
                check(result, "cuMipmappedArrayGetLevel", detail + ", level 0");
            }
            return new ExternalMemory(handle, dedicated, 0, mipmapped, level);
        } catch (RuntimeException e) {
            try {
                CudaDriver.destroyExternalMemory(handle);
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
    }

    /** Refuses DMA-BUF: CUDA imports it only on Jetson Thor, and never as an array (cuda.h 13.0). */
    static TexlinkUnsupportedException dmaBufUnsupported(String what) {
        return new TexlinkUnsupportedException(what + ": the producer shares DMA-BUF memory, which the CUDA driver imports"
                + " only on Jetson (Thor) devices; have the producer share OPAQUE_FD memory (texlink's Vulkan backend does on NVIDIA)");
    }

    private static String dedicated(boolean dedicated) {
        return dedicated ? "dedicated" : "not dedicated";
    }

    @Override
    public long address() {
        return address;
    }

    @Override
    public CUmipmappedArray mipmappedArray() {
        return mipmapped;
    }

    @Override
    public CUarray array() {
        return array;
    }

    @Override
    public String describe() {
        return "external memory (" + dedicated(dedicated) + ") mapped as "
                + (mipmapped != null ? "a CUDA array" : "linear memory at 0x" + Long.toHexString(address));
    }

    @Override
    public void close() {
        if (mipmapped != null) {
            check(JCudaDriver.cuMipmappedArrayDestroy(mipmapped), "cuMipmappedArrayDestroy");
        } else {
            check(JCudaDriver.cuMemFree(JCudaHandles.devicePointer(address)), "cuMemFree", "external memory mapping");
        }
        CudaDriver.destroyExternalMemory(handle);
    }
}
