package io.texlink.cuda;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.MemoryLayout.paddingLayout;
import static java.lang.foreign.MemoryLayout.sequenceLayout;
import static java.lang.foreign.MemoryLayout.structLayout;
import static java.lang.foreign.MemoryLayout.unionLayout;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * The driver API structs texlink passes through FFM, laid out as {@code cuda.h} (CUDA 13.0,
 * x86-64 and aarch64 Linux: LP64, natural alignment) declares them, with the offsets the bindings
 * write named here. Sizes and offsets were read off the header with {@code sizeof}/{@code offsetof}
 * and are pinned by {@code CudaStructsTest}.
 */
final class CudaStructs {
    /** {@code CUDA_ARRAY3D_DESCRIPTOR}: 40 bytes. */
    static final StructLayout ARRAY3D_DESCRIPTOR = structLayout(
            JAVA_LONG.withName("Width"), JAVA_LONG.withName("Height"), JAVA_LONG.withName("Depth"),
            JAVA_INT.withName("Format"), JAVA_INT.withName("NumChannels"), JAVA_INT.withName("Flags"),
            paddingLayout(4));

    /** {@code CUDA_EXTERNAL_MEMORY_HANDLE_DESC}: 104 bytes; the handle union is 16 (win32's two pointers). */
    static final StructLayout EXTERNAL_MEMORY_HANDLE_DESC = structLayout(
            JAVA_INT.withName("type"), paddingLayout(4),
            unionLayout(JAVA_INT.withName("fd"),
                    structLayout(ADDRESS.withName("handle"), ADDRESS.withName("name")).withName("win32"),
                    ADDRESS.withName("nvSciBufObject")).withName("handle"),
            JAVA_LONG.withName("size"), JAVA_INT.withName("flags"),
            sequenceLayout(16, JAVA_INT).withName("reserved"), paddingLayout(4));

    /** {@code CUDA_EXTERNAL_MEMORY_BUFFER_DESC}: 88 bytes. */
    static final StructLayout EXTERNAL_MEMORY_BUFFER_DESC = structLayout(
            JAVA_LONG.withName("offset"), JAVA_LONG.withName("size"), JAVA_INT.withName("flags"),
            sequenceLayout(16, JAVA_INT).withName("reserved"), paddingLayout(4));

    /** {@code CUDA_EXTERNAL_MEMORY_MIPMAPPED_ARRAY_DESC}: 120 bytes. */
    static final StructLayout EXTERNAL_MEMORY_MIPMAPPED_ARRAY_DESC = structLayout(
            JAVA_LONG.withName("offset"), ARRAY3D_DESCRIPTOR.withName("arrayDesc"), JAVA_INT.withName("numLevels"),
            sequenceLayout(16, JAVA_INT).withName("reserved"), paddingLayout(4));

    /** {@code CUDA_EXTERNAL_SEMAPHORE_HANDLE_DESC}: 96 bytes. */
    static final StructLayout EXTERNAL_SEMAPHORE_HANDLE_DESC = structLayout(
            JAVA_INT.withName("type"), paddingLayout(4),
            unionLayout(JAVA_INT.withName("fd"),
                    structLayout(ADDRESS.withName("handle"), ADDRESS.withName("name")).withName("win32"),
                    ADDRESS.withName("nvSciSyncObj")).withName("handle"),
            JAVA_INT.withName("flags"), sequenceLayout(16, JAVA_INT).withName("reserved"), paddingLayout(4));

    private static final MemoryLayout FENCE = structLayout(JAVA_LONG.withName("value")).withName("fence");
    private static final MemoryLayout NV_SCI_SYNC =
            unionLayout(ADDRESS.withName("fence"), JAVA_LONG.withName("reserved")).withName("nvSciSync");

    /** {@code CUDA_EXTERNAL_SEMAPHORE_WAIT_PARAMS}: 144 bytes (params 72, flags, reserved[16]). */
    static final StructLayout EXTERNAL_SEMAPHORE_WAIT_PARAMS = structLayout(
            structLayout(FENCE, NV_SCI_SYNC,
                    structLayout(JAVA_LONG.withName("key"), JAVA_INT.withName("timeoutMs"), paddingLayout(4))
                            .withName("keyedMutex"),
                    sequenceLayout(10, JAVA_INT).withName("reserved")).withName("params"),
            JAVA_INT.withName("flags"), sequenceLayout(16, JAVA_INT).withName("reserved"), paddingLayout(4));

    /** {@code CUDA_EXTERNAL_SEMAPHORE_SIGNAL_PARAMS}: 144 bytes (params 72, flags, reserved[16]). */
    static final StructLayout EXTERNAL_SEMAPHORE_SIGNAL_PARAMS = structLayout(
            structLayout(FENCE, NV_SCI_SYNC,
                    structLayout(JAVA_LONG.withName("key")).withName("keyedMutex"),
                    sequenceLayout(12, JAVA_INT).withName("reserved")).withName("params"),
            JAVA_INT.withName("flags"), sequenceLayout(16, JAVA_INT).withName("reserved"), paddingLayout(4));

    /** {@code CUmemLocation}: 8 bytes. */
    static final StructLayout MEM_LOCATION = structLayout(JAVA_INT.withName("type"), JAVA_INT.withName("id"));

    /** {@code CUmemAllocationProp}: 32 bytes. */
    static final StructLayout MEM_ALLOCATION_PROP = structLayout(
            JAVA_INT.withName("type"), JAVA_INT.withName("requestedHandleTypes"), MEM_LOCATION.withName("location"),
            ADDRESS.withName("win32HandleMetaData"),
            structLayout(JAVA_BYTE.withName("compressionType"), JAVA_BYTE.withName("gpuDirectRDMACapable"),
                    JAVA_SHORT.withName("usage"), sequenceLayout(4, JAVA_BYTE).withName("reserved")).withName("allocFlags"));

    /** {@code CUmemAccessDesc}: 12 bytes. */
    static final StructLayout MEM_ACCESS_DESC = structLayout(MEM_LOCATION.withName("location"), JAVA_INT.withName("flags"));

    /** {@code CUuuid}: 16 bytes. */
    static final MemoryLayout UUID = sequenceLayout(16, JAVA_BYTE);

    static final long MEMORY_HANDLE_TYPE = offset(EXTERNAL_MEMORY_HANDLE_DESC, "type");
    static final long MEMORY_HANDLE_FD = offset(EXTERNAL_MEMORY_HANDLE_DESC, "handle", "fd");
    static final long MEMORY_HANDLE_SIZE = offset(EXTERNAL_MEMORY_HANDLE_DESC, "size");
    static final long MEMORY_HANDLE_FLAGS = offset(EXTERNAL_MEMORY_HANDLE_DESC, "flags");

    static final long BUFFER_OFFSET = offset(EXTERNAL_MEMORY_BUFFER_DESC, "offset");
    static final long BUFFER_SIZE = offset(EXTERNAL_MEMORY_BUFFER_DESC, "size");

    static final long MIPMAPPED_OFFSET = offset(EXTERNAL_MEMORY_MIPMAPPED_ARRAY_DESC, "offset");
    static final long MIPMAPPED_WIDTH = offset(EXTERNAL_MEMORY_MIPMAPPED_ARRAY_DESC, "arrayDesc", "Width");
    static final long MIPMAPPED_HEIGHT = offset(EXTERNAL_MEMORY_MIPMAPPED_ARRAY_DESC, "arrayDesc", "Height");
    static final long MIPMAPPED_DEPTH = offset(EXTERNAL_MEMORY_MIPMAPPED_ARRAY_DESC, "arrayDesc", "Depth");
    static final long MIPMAPPED_FORMAT = offset(EXTERNAL_MEMORY_MIPMAPPED_ARRAY_DESC, "arrayDesc", "Format");
    static final long MIPMAPPED_CHANNELS = offset(EXTERNAL_MEMORY_MIPMAPPED_ARRAY_DESC, "arrayDesc", "NumChannels");
    static final long MIPMAPPED_FLAGS = offset(EXTERNAL_MEMORY_MIPMAPPED_ARRAY_DESC, "arrayDesc", "Flags");
    static final long MIPMAPPED_LEVELS = offset(EXTERNAL_MEMORY_MIPMAPPED_ARRAY_DESC, "numLevels");

    static final long SEMAPHORE_HANDLE_TYPE = offset(EXTERNAL_SEMAPHORE_HANDLE_DESC, "type");
    static final long SEMAPHORE_HANDLE_FD = offset(EXTERNAL_SEMAPHORE_HANDLE_DESC, "handle", "fd");

    static final long WAIT_FENCE_VALUE = offset(EXTERNAL_SEMAPHORE_WAIT_PARAMS, "params", "fence", "value");
    static final long SIGNAL_FENCE_VALUE = offset(EXTERNAL_SEMAPHORE_SIGNAL_PARAMS, "params", "fence", "value");

    static final long PROP_TYPE = offset(MEM_ALLOCATION_PROP, "type");
    static final long PROP_HANDLE_TYPES = offset(MEM_ALLOCATION_PROP, "requestedHandleTypes");
    static final long PROP_LOCATION_TYPE = offset(MEM_ALLOCATION_PROP, "location", "type");
    static final long PROP_LOCATION_ID = offset(MEM_ALLOCATION_PROP, "location", "id");

    static final long ACCESS_LOCATION_TYPE = offset(MEM_ACCESS_DESC, "location", "type");
    static final long ACCESS_LOCATION_ID = offset(MEM_ACCESS_DESC, "location", "id");
    static final long ACCESS_FLAGS = offset(MEM_ACCESS_DESC, "flags");

    private CudaStructs() {
    }

    static long offset(MemoryLayout layout, String... path) {
        MemoryLayout.PathElement[] elements = new MemoryLayout.PathElement[path.length];
        for (int i = 0; i < path.length; i++) {
            elements[i] = groupElement(path[i]);
        }
        return layout.byteOffset(elements);
    }
}
