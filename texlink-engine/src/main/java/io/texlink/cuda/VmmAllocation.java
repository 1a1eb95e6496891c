package io.texlink.cuda;

import io.texlink.TexlinkProtocolException;
import io.texlink.posix.OwnedFd;
import jcuda.driver.CUarray;
import jcuda.driver.CUmipmappedArray;

/**
 * Device memory made with CUDA's virtual memory management and shared as a POSIX file
 * descriptor: {@code cuMemCreate} (pinned, on one device, exportable as
 * {@code CU_MEM_HANDLE_TYPE_POSIX_FILE_DESCRIPTOR}) and {@code cuMemExportToShareableHandle} on
 * the producer, {@code cuMemImportFromShareableHandle} on the consumer; both then reserve an
 * address range, map the allocation and allow read-write access on their device. Sizes are
 * multiples of the device's minimum granularity. The allocation handle is released right after
 * mapping (the mapping, and the exported descriptor, keep the memory alive).
 */
final class VmmAllocation implements FrameMemory {
    private final long address;
    private final long size;
    /** The exported descriptor on the producer; null on a consumer. */
    private final OwnedFd exported;

    private VmmAllocation(long address, long size, OwnedFd exported) {
        this.address = address;
        this.size = size;
        this.exported = exported;
    }

    /** {@code size} rounded up to the device's granularity. */
    static long roundUp(long size, long granularity) {
        return (size + granularity - 1) / granularity * granularity;
    }

    /** Producer: new memory of {@code size} bytes (a granularity multiple), exported; the context must be current. */
    static VmmAllocation allocate(CudaContext context, long size, String what) {
        int device = context.device().ordinal();
        long handle = CudaDriver.memCreate(size, device);
        OwnedFd exported = null;
        try {
            exported = new OwnedFd(CudaDriver.memExportFd(handle, what));
            return new VmmAllocation(map(context, handle, size, what), size, exported);
        } catch (RuntimeException e) {
            if (exported != null) {
                exported.close();
            }
            throw e;
        } finally {
            CudaDriver.memRelease(handle);
        }
    }

    /**
     * Consumer: maps the producer's memory behind {@code fd} (which stays the caller's); the context
     * must be current.
     *
     * @throws TexlinkProtocolException when {@code size} is not a granularity multiple, so it cannot
     *                                  be the size of a CUDA producer's allocation
     */
    static VmmAllocation importFd(CudaContext context, int fd, long size, String what) {
        long granularity = context.vmmGranularity();
        if (size % granularity != 0) {
            throw new TexlinkProtocolException(what + ": a CUDA producer's memory comes in multiples of " + granularity
                    + " bytes on " + context.device() + ", but the metadata says " + size + " bytes");
        }
        long handle = CudaDriver.memImportFd(fd, what);
        try {
            return new VmmAllocation(map(context, handle, size, what), size, null);
        } finally {
            CudaDriver.memRelease(handle);
        }
    }

    private static long map(CudaContext context, long handle, long size, String what) {
        long address = CudaDriver.memAddressReserve(size, context.vmmGranularity());
        try {
            CudaDriver.memMap(address, size, handle, what);
            try {
                CudaDriver.memSetReadWrite(address, size, context.device().ordinal());
            } catch (RuntimeException e) {
                CudaDriver.memUnmap(address, size);
                throw e;
            }
            return address;
        } catch (RuntimeException e) {
            CudaDriver.memAddressFree(address, size);
            throw e;
        }
    }

    /** The descriptor consumers receive (producer side only). */
    int exportedDescriptor() {
        return exported.fd();
    }

    @Override
    public long address() {
        return address;
    }

    @Override
    public CUmipmappedArray mipmappedArray() {
        return null;
    }

    @Override
    public CUarray array() {
        return null;
    }

    @Override
    public String describe() {
        return "VMM allocation of " + size + " bytes at 0x" + Long.toHexString(address) + (exported != null ? ", exported as " + exported : "");
    }

    @Override
    public void close() {
        try {
            CudaDriver.memUnmap(address, size);
            CudaDriver.memAddressFree(address, size);
        } finally {
            if (exported != null) {
                exported.close();
            }
        }
    }
}
