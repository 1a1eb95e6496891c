package io.texlink.cuda;

import io.texlink.posix.Downcalls;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;

import static io.texlink.cuda.CudaCallException.check;
import static io.texlink.cuda.CudaStructs.*;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The driver entry points JCuda 12.6.0 lacks or gets wrong, bound once through FFM against
 * {@code libcuda.so.1} (the library JCuda's JNI code links, so both share one driver instance and
 * each thread's current context):
 * <ul>
 *   <li>external memory and semaphores (Vulkan/GL interop), absent from JCuda;</li>
 *   <li>{@code cuDeviceGetUuid_v2}, the symbol current headers call (JCuda binds the old one);</li>
 *   <li>the virtual memory management calls: JCuda's {@code cuMemExportToShareableHandle} hands
 *       the driver a NULL output pointer, and its {@code cuMemCreate} stores into a {@code Pointer}
 *       field of an object that has none (both seen in the JNI code of jcuda-natives 12.6.0).</li>
 * </ul>
 * Load this class only after {@link CudaAvailability} found the driver: initialising it without
 * {@code libcuda.so.1} fails. Each wrapper returns the result or throws {@link CudaCallException};
 * the per-frame semaphore calls return the {@code CUresult} so callers check it allocation-free.
 */
final class CudaDriver {
    // Enum values and flags from cuda.h (CUDA 13.0): CUexternalMemoryHandleType,
    // CUexternalSemaphoreHandleType, CUDA_EXTERNAL_MEMORY_DEDICATED, CUmemAllocationHandleType,
    // CUmemAllocationType, CUmemLocationType, CUmemAccess_flags, CUmemAllocationGranularity_flags.
    static final int EXTERNAL_MEMORY_HANDLE_TYPE_OPAQUE_FD = 1;
    static final int EXTERNAL_MEMORY_DEDICATED = 0x1;
    static final int EXTERNAL_SEMAPHORE_HANDLE_TYPE_TIMELINE_SEMAPHORE_FD = 9;
    static final int MEM_HANDLE_TYPE_POSIX_FILE_DESCRIPTOR = 1;
    static final int MEM_ALLOCATION_TYPE_PINNED = 1;
    static final int MEM_LOCATION_TYPE_DEVICE = 1;
    static final int MEM_ACCESS_FLAGS_PROT_READWRITE = 3;
    static final int MEM_ALLOC_GRANULARITY_MINIMUM = 0;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBCUDA = SymbolLookup.libraryLookup(CudaAvailability.DRIVER_LIBRARY, Arena.global());

    private static final MethodHandle IMPORT_EXTERNAL_MEMORY = bind("cuImportExternalMemory", ADDRESS, ADDRESS);
    private static final MethodHandle EXTERNAL_MEMORY_GET_MAPPED_BUFFER =
            bind("cuExternalMemoryGetMappedBuffer", ADDRESS, ADDRESS, ADDRESS);
    private static final MethodHandle EXTERNAL_MEMORY_GET_MAPPED_MIPMAPPED_ARRAY =
            bind("cuExternalMemoryGetMappedMipmappedArray", ADDRESS, ADDRESS, ADDRESS);
    private static final MethodHandle DESTROY_EXTERNAL_MEMORY = bind("cuDestroyExternalMemory", ADDRESS);
    private static final MethodHandle IMPORT_EXTERNAL_SEMAPHORE = bind("cuImportExternalSemaphore", ADDRESS, ADDRESS);
    private static final MethodHandle WAIT_EXTERNAL_SEMAPHORES_ASYNC =
            bind("cuWaitExternalSemaphoresAsync", ADDRESS, ADDRESS, JAVA_INT, ADDRESS);
    private static final MethodHandle SIGNAL_EXTERNAL_SEMAPHORES_ASYNC =
            bind("cuSignalExternalSemaphoresAsync", ADDRESS, ADDRESS, JAVA_INT, ADDRESS);
    private static final MethodHandle DESTROY_EXTERNAL_SEMAPHORE = bind("cuDestroyExternalSemaphore", ADDRESS);
    private static final MethodHandle DEVICE_GET_UUID = bind("cuDeviceGetUuid_v2", ADDRESS, JAVA_INT);
    private static final MethodHandle MEM_GET_ALLOCATION_GRANULARITY =
            bind("cuMemGetAllocationGranularity", ADDRESS, ADDRESS, JAVA_INT);
    private static final MethodHandle MEM_CREATE = bind("cuMemCreate", ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG);
    private static final MethodHandle MEM_RELEASE = bind("cuMemRelease", JAVA_LONG);
    private static final MethodHandle MEM_EXPORT_TO_SHAREABLE_HANDLE =
            bind("cuMemExportToShareableHandle", ADDRESS, JAVA_LONG, JAVA_INT, JAVA_LONG);
    private static final MethodHandle MEM_IMPORT_FROM_SHAREABLE_HANDLE =
            bind("cuMemImportFromShareableHandle", ADDRESS, ADDRESS, JAVA_INT);
    private static final MethodHandle MEM_ADDRESS_RESERVE =
            bind("cuMemAddressReserve", ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG);
    private static final MethodHandle MEM_ADDRESS_FREE = bind("cuMemAddressFree", JAVA_LONG, JAVA_LONG);
    private static final MethodHandle MEM_MAP = bind("cuMemMap", JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG);
    private static final MethodHandle MEM_UNMAP = bind("cuMemUnmap", JAVA_LONG, JAVA_LONG);
    private static final MethodHandle MEM_SET_ACCESS = bind("cuMemSetAccess", JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_LONG);

    private CudaDriver() {
    }

    // ---- external memory

    /**
     * {@code cuImportExternalMemory} of an OPAQUE_FD. On success the driver owns {@code fd}; on
     * failure the caller still does.
     */
    static MemorySegment importExternalMemory(int fd, long size, boolean dedicated, String what) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment desc = arena.allocate(EXTERNAL_MEMORY_HANDLE_DESC);
            desc.set(JAVA_INT, MEMORY_HANDLE_TYPE, EXTERNAL_MEMORY_HANDLE_TYPE_OPAQUE_FD);
            desc.set(JAVA_INT, MEMORY_HANDLE_FD, fd);
            desc.set(JAVA_LONG, MEMORY_HANDLE_SIZE, size);
            desc.set(JAVA_INT, MEMORY_HANDLE_FLAGS, dedicated ? EXTERNAL_MEMORY_DEDICATED : 0);
            MemorySegment out = arena.allocate(ADDRESS);
            check((int) IMPORT_EXTERNAL_MEMORY.invokeExact(out, desc), "cuImportExternalMemory",
                    what + ", " + size + " bytes, " + (dedicated ? "dedicated" : "not dedicated"));
            return out.get(ADDRESS, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code cuExternalMemoryGetMappedBuffer} of the whole memory; returns the device address. */
    static long mappedBuffer(MemorySegment externalMemory, long size, String what) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment desc = arena.allocate(EXTERNAL_MEMORY_BUFFER_DESC);
            desc.set(JAVA_LONG, BUFFER_OFFSET, 0);
            desc.set(JAVA_LONG, BUFFER_SIZE, size);
            MemorySegment out = arena.allocate(JAVA_LONG);
            check((int) EXTERNAL_MEMORY_GET_MAPPED_BUFFER.invokeExact(out, externalMemory, desc),
                    "cuExternalMemoryGetMappedBuffer", what + ", " + size + " bytes");
            return out.get(JAVA_LONG, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code cuExternalMemoryGetMappedMipmappedArray} with one level at offset 0; returns the {@code CUmipmappedArray}. */
    static long mappedMipmappedArray(MemorySegment externalMemory, CudaArrayShape shape, String what) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment desc = arena.allocate(EXTERNAL_MEMORY_MIPMAPPED_ARRAY_DESC);
            desc.set(JAVA_LONG, MIPMAPPED_OFFSET, 0);
            desc.set(JAVA_LONG, MIPMAPPED_WIDTH, shape.width());
            desc.set(JAVA_LONG, MIPMAPPED_HEIGHT, shape.height());
            desc.set(JAVA_LONG, MIPMAPPED_DEPTH, shape.depth());
            desc.set(JAVA_INT, MIPMAPPED_FORMAT, shape.format());
            desc.set(JAVA_INT, MIPMAPPED_CHANNELS, shape.channels());
            desc.set(JAVA_INT, MIPMAPPED_FLAGS, shape.flags());
            desc.set(JAVA_INT, MIPMAPPED_LEVELS, 1);
            MemorySegment out = arena.allocate(ADDRESS);
            check((int) EXTERNAL_MEMORY_GET_MAPPED_MIPMAPPED_ARRAY.invokeExact(out, externalMemory, desc),
                    "cuExternalMemoryGetMappedMipmappedArray", what + ", " + shape);
            return out.get(ADDRESS, 0).address();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static void destroyExternalMemory(MemorySegment externalMemory) {
        try {
            check((int) DESTROY_EXTERNAL_MEMORY.invokeExact(externalMemory), "cuDestroyExternalMemory");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    // ---- external semaphores

    /**
     * {@code cuImportExternalSemaphore} of a timeline semaphore shared as OPAQUE_FD. On success
     * the driver owns {@code fd}; on failure the caller still does.
     */
    static MemorySegment importTimelineSemaphore(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment desc = arena.allocate(EXTERNAL_SEMAPHORE_HANDLE_DESC);
            desc.set(JAVA_INT, SEMAPHORE_HANDLE_TYPE, EXTERNAL_SEMAPHORE_HANDLE_TYPE_TIMELINE_SEMAPHORE_FD);
            desc.set(JAVA_INT, SEMAPHORE_HANDLE_FD, fd);
            MemorySegment out = arena.allocate(ADDRESS);
            check((int) IMPORT_EXTERNAL_SEMAPHORE.invokeExact(out, desc), "cuImportExternalSemaphore",
                    "timeline semaphore (CU_EXTERNAL_SEMAPHORE_HANDLE_TYPE_TIMELINE_SEMAPHORE_FD), fd " + fd);
            return out.get(ADDRESS, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code cuWaitExternalSemaphoresAsync} of one semaphore; returns the {@code CUresult}. */
    static int waitExternalSemaphore(MemorySegment semaphoreArray, MemorySegment waitParams, MemorySegment stream) {
        try {
            return (int) WAIT_EXTERNAL_SEMAPHORES_ASYNC.invokeExact(semaphoreArray, waitParams, 1, stream);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code cuSignalExternalSemaphoresAsync} of one semaphore; returns the {@code CUresult}. */
    static int signalExternalSemaphore(MemorySegment semaphoreArray, MemorySegment signalParams, MemorySegment stream) {
        try {
            return (int) SIGNAL_EXTERNAL_SEMAPHORES_ASYNC.invokeExact(semaphoreArray, signalParams, 1, stream);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static void destroyExternalSemaphore(MemorySegment semaphore) {
        try {
            check((int) DESTROY_EXTERNAL_SEMAPHORE.invokeExact(semaphore), "cuDestroyExternalSemaphore");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    // ---- devices

    /** {@code cuDeviceGetUuid_v2}: the 16 bytes Vulkan reports as {@code deviceUUID} on NVIDIA. */
    static byte[] deviceUuid(int device) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment uuid = arena.allocate(UUID);
            check((int) DEVICE_GET_UUID.invokeExact(uuid, device), "cuDeviceGetUuid_v2", "device " + device);
            return uuid.toArray(JAVA_BYTE);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    // ---- virtual memory management (POSIX fd handles)

    /** Minimum granularity of device memory exportable as a POSIX fd on {@code device}. */
    static long allocationGranularity(int device) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(JAVA_LONG);
            check((int) MEM_GET_ALLOCATION_GRANULARITY.invokeExact(out, allocationProp(arena, device),
                    MEM_ALLOC_GRANULARITY_MINIMUM), "cuMemGetAllocationGranularity", "device " + device);
            return out.get(JAVA_LONG, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code cuMemCreate} of {@code size} bytes (a multiple of the granularity) on {@code device}. */
    static long memCreate(long size, int device) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(JAVA_LONG);
            check((int) MEM_CREATE.invokeExact(out, size, allocationProp(arena, device), 0L), "cuMemCreate",
                    size + " bytes on device " + device + ", exportable as a POSIX fd");
            return out.get(JAVA_LONG, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static void memRelease(long handle) {
        try {
            check((int) MEM_RELEASE.invokeExact(handle), "cuMemRelease");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code cuMemExportToShareableHandle} as a POSIX fd, which the caller owns. */
    static int memExportFd(long handle, String what) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(JAVA_INT);
            check((int) MEM_EXPORT_TO_SHAREABLE_HANDLE.invokeExact(out, handle, MEM_HANDLE_TYPE_POSIX_FILE_DESCRIPTOR, 0L),
                    "cuMemExportToShareableHandle", what);
            return out.get(JAVA_INT, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code cuMemImportFromShareableHandle} of a POSIX fd (which stays the caller's to close). */
    static long memImportFd(int fd, String what) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(JAVA_LONG);
            // The fd travels as the pointer's value: (void *)(uintptr_t)fd.
            check((int) MEM_IMPORT_FROM_SHAREABLE_HANDLE.invokeExact(out, MemorySegment.ofAddress(fd),
                    MEM_HANDLE_TYPE_POSIX_FILE_DESCRIPTOR), "cuMemImportFromShareableHandle", what + ", fd " + fd);
            return out.get(JAVA_LONG, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static long memAddressReserve(long size, long alignment) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment out = arena.allocate(JAVA_LONG);
            check((int) MEM_ADDRESS_RESERVE.invokeExact(out, size, alignment, 0L, 0L), "cuMemAddressReserve",
                    size + " bytes, alignment " + alignment);
            return out.get(JAVA_LONG, 0);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static void memAddressFree(long address, long size) {
        try {
            check((int) MEM_ADDRESS_FREE.invokeExact(address, size), "cuMemAddressFree");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static void memMap(long address, long size, long handle, String what) {
        try {
            check((int) MEM_MAP.invokeExact(address, size, 0L, handle, 0L), "cuMemMap", what + ", " + size + " bytes");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    static void memUnmap(long address, long size) {
        try {
            check((int) MEM_UNMAP.invokeExact(address, size), "cuMemUnmap");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** {@code cuMemSetAccess}: read-write for {@code device}. */
    static void memSetReadWrite(long address, long size, int device) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment desc = arena.allocate(MEM_ACCESS_DESC);
            desc.set(JAVA_INT, ACCESS_LOCATION_TYPE, MEM_LOCATION_TYPE_DEVICE);
            desc.set(JAVA_INT, ACCESS_LOCATION_ID, device);
            desc.set(JAVA_INT, ACCESS_FLAGS, MEM_ACCESS_FLAGS_PROT_READWRITE);
            check((int) MEM_SET_ACCESS.invokeExact(address, size, desc, 1L), "cuMemSetAccess", "device " + device);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Pinned device memory on {@code device}, exportable as a POSIX fd. */
    private static MemorySegment allocationProp(Arena arena, int device) {
        MemorySegment prop = arena.allocate(MEM_ALLOCATION_PROP);
        prop.set(JAVA_INT, PROP_TYPE, MEM_ALLOCATION_TYPE_PINNED);
        prop.set(JAVA_INT, PROP_HANDLE_TYPES, MEM_HANDLE_TYPE_POSIX_FILE_DESCRIPTOR);
        prop.set(JAVA_INT, PROP_LOCATION_TYPE, MEM_LOCATION_TYPE_DEVICE);
        prop.set(JAVA_INT, PROP_LOCATION_ID, device);
        return prop;
    }

    /** What a downcall threw, as the unchecked exception to rethrow (they declare {@code Throwable}). */
    private static RuntimeException rethrow(Throwable t) {
        return Downcalls.unchecked(t, "CUDA driver call failed");
    }

    private static MethodHandle bind(String name, MemoryLayout... args) {
        MemorySegment symbol = LIBCUDA.find(name).orElseThrow(() -> new UnsatisfiedLinkError(
                CudaAvailability.DRIVER_LIBRARY + " has no " + name + "; the NVIDIA driver is too old for texlink's CUDA backend"));
        return LINKER.downcallHandle(symbol, FunctionDescriptor.of(JAVA_INT, args));
    }
}
