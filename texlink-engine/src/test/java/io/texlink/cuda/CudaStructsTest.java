package io.texlink.cuda;

import org.junit.jupiter.api.Test;

import static io.texlink.cuda.CudaStructs.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The FFM struct layouts against {@code cuda.h} of CUDA 13.0 (line numbers of
 * /usr/local/cuda-13.0/include/cuda.h). The expected numbers were printed by a C program that
 * includes that header ({@code sizeof}, {@code offsetof}, gcc on x86-64); aarch64 Linux lays
 * these structs out alike (LP64, natural alignment).
 */
class CudaStructsTest {

    @Test
    void array3dDescriptor() { // cuda.h:3424
        assertThat(ARRAY3D_DESCRIPTOR.byteSize()).isEqualTo(40);
        assertThat(offset(ARRAY3D_DESCRIPTOR, "Depth")).isEqualTo(16);
        assertThat(offset(ARRAY3D_DESCRIPTOR, "Format")).isEqualTo(24);
        assertThat(offset(ARRAY3D_DESCRIPTOR, "NumChannels")).isEqualTo(28);
        assertThat(offset(ARRAY3D_DESCRIPTOR, "Flags")).isEqualTo(32);
    }

    @Test
    void externalMemoryHandleDesc() { // cuda.h:3794
        assertThat(EXTERNAL_MEMORY_HANDLE_DESC.byteSize()).isEqualTo(104);
        assertThat(EXTERNAL_MEMORY_HANDLE_DESC.byteAlignment()).isEqualTo(8);
        assertThat(MEMORY_HANDLE_TYPE).isZero();
        assertThat(MEMORY_HANDLE_FD).isEqualTo(8);
        assertThat(MEMORY_HANDLE_SIZE).isEqualTo(24);
        assertThat(MEMORY_HANDLE_FLAGS).isEqualTo(32);
        assertThat(offset(EXTERNAL_MEMORY_HANDLE_DESC, "reserved")).isEqualTo(36);
    }

    @Test
    void externalMemoryBufferDesc() { // cuda.h:3853
        assertThat(EXTERNAL_MEMORY_BUFFER_DESC.byteSize()).isEqualTo(88);
        assertThat(BUFFER_OFFSET).isZero();
        assertThat(BUFFER_SIZE).isEqualTo(8);
        assertThat(offset(EXTERNAL_MEMORY_BUFFER_DESC, "flags")).isEqualTo(16);
        assertThat(offset(EXTERNAL_MEMORY_BUFFER_DESC, "reserved")).isEqualTo(20);
    }

    @Test
    void externalMemoryMipmappedArrayDesc() { // cuda.h:3873
        assertThat(EXTERNAL_MEMORY_MIPMAPPED_ARRAY_DESC.byteSize()).isEqualTo(120);
        assertThat(MIPMAPPED_OFFSET).isZero();
        assertThat(MIPMAPPED_WIDTH).isEqualTo(8);
        assertThat(MIPMAPPED_HEIGHT).isEqualTo(16);
        assertThat(MIPMAPPED_DEPTH).isEqualTo(24);
        assertThat(MIPMAPPED_FORMAT).isEqualTo(32);
        assertThat(MIPMAPPED_CHANNELS).isEqualTo(36);
        assertThat(MIPMAPPED_FLAGS).isEqualTo(40);
        assertThat(MIPMAPPED_LEVELS).isEqualTo(48);
        assertThat(offset(EXTERNAL_MEMORY_MIPMAPPED_ARRAY_DESC, "reserved")).isEqualTo(52);
    }

    @Test
    void externalSemaphoreHandleDesc() { // cuda.h:3940
        assertThat(EXTERNAL_SEMAPHORE_HANDLE_DESC.byteSize()).isEqualTo(96);
        assertThat(SEMAPHORE_HANDLE_TYPE).isZero();
        assertThat(SEMAPHORE_HANDLE_FD).isEqualTo(8);
        assertThat(offset(EXTERNAL_SEMAPHORE_HANDLE_DESC, "flags")).isEqualTo(24);
        assertThat(offset(EXTERNAL_SEMAPHORE_HANDLE_DESC, "reserved")).isEqualTo(28);
    }

    @Test
    void externalSemaphoreWaitParams() { // cuda.h:4043
        assertThat(EXTERNAL_SEMAPHORE_WAIT_PARAMS.byteSize()).isEqualTo(144);
        assertThat(WAIT_FENCE_VALUE).isZero();
        assertThat(offset(EXTERNAL_SEMAPHORE_WAIT_PARAMS, "params", "nvSciSync")).isEqualTo(8);
        assertThat(offset(EXTERNAL_SEMAPHORE_WAIT_PARAMS, "params", "keyedMutex", "key")).isEqualTo(16);
        assertThat(offset(EXTERNAL_SEMAPHORE_WAIT_PARAMS, "params", "keyedMutex", "timeoutMs")).isEqualTo(24);
        assertThat(offset(EXTERNAL_SEMAPHORE_WAIT_PARAMS, "params", "reserved")).isEqualTo(32);
        assertThat(offset(EXTERNAL_SEMAPHORE_WAIT_PARAMS, "flags")).isEqualTo(72);
        assertThat(offset(EXTERNAL_SEMAPHORE_WAIT_PARAMS, "reserved")).isEqualTo(76);
    }

    @Test
    void externalSemaphoreSignalParams() { // cuda.h:3995
        assertThat(EXTERNAL_SEMAPHORE_SIGNAL_PARAMS.byteSize()).isEqualTo(144);
        assertThat(SIGNAL_FENCE_VALUE).isZero();
        assertThat(offset(EXTERNAL_SEMAPHORE_SIGNAL_PARAMS, "params", "nvSciSync")).isEqualTo(8);
        assertThat(offset(EXTERNAL_SEMAPHORE_SIGNAL_PARAMS, "params", "keyedMutex", "key")).isEqualTo(16);
        assertThat(offset(EXTERNAL_SEMAPHORE_SIGNAL_PARAMS, "params", "reserved")).isEqualTo(24);
        assertThat(offset(EXTERNAL_SEMAPHORE_SIGNAL_PARAMS, "flags")).isEqualTo(72);
        assertThat(offset(EXTERNAL_SEMAPHORE_SIGNAL_PARAMS, "reserved")).isEqualTo(76);
    }

    @Test
    void memoryManagementStructs() { // cuda.h:4278 CUmemLocation, 4305 CUmemAllocationProp, 4377 CUmemAccessDesc
        assertThat(MEM_LOCATION.byteSize()).isEqualTo(8);
        assertThat(MEM_ALLOCATION_PROP.byteSize()).isEqualTo(32);
        assertThat(PROP_TYPE).isZero();
        assertThat(PROP_HANDLE_TYPES).isEqualTo(4);
        assertThat(PROP_LOCATION_TYPE).isEqualTo(8);
        assertThat(PROP_LOCATION_ID).isEqualTo(12);
        assertThat(offset(MEM_ALLOCATION_PROP, "win32HandleMetaData")).isEqualTo(16);
        assertThat(offset(MEM_ALLOCATION_PROP, "allocFlags", "usage")).isEqualTo(26);
        assertThat(offset(MEM_ALLOCATION_PROP, "allocFlags", "reserved")).isEqualTo(28);
        assertThat(MEM_ACCESS_DESC.byteSize()).isEqualTo(12);
        assertThat(ACCESS_LOCATION_TYPE).isZero();
        assertThat(ACCESS_LOCATION_ID).isEqualTo(4);
        assertThat(ACCESS_FLAGS).isEqualTo(8);
        assertThat(UUID.byteSize()).isEqualTo(16); // cuda.h:317 CUuuid
    }

    @Test
    void enumValuesAreTheHeaders() {
        assertThat(CudaDriver.EXTERNAL_MEMORY_HANDLE_TYPE_OPAQUE_FD).isEqualTo(1); // cuda.h:3720
        assertThat(CudaDriver.EXTERNAL_MEMORY_DEDICATED).isEqualTo(1); // cuda.h:3758
        assertThat(CudaDriver.EXTERNAL_SEMAPHORE_HANDLE_TYPE_TIMELINE_SEMAPHORE_FD).isEqualTo(9); // cuda.h:3930
        assertThat(CudaDriver.MEM_HANDLE_TYPE_POSIX_FILE_DESCRIPTOR).isEqualTo(1); // cuda.h:4137
        assertThat(CudaDriver.MEM_ACCESS_FLAGS_PROT_READWRITE).isEqualTo(3); // cuda.h:4150
        assertThat(CudaDriver.MEM_LOCATION_TYPE_DEVICE).isEqualTo(1); // cuda.h:4160
        assertThat(CudaDriver.MEM_ALLOCATION_TYPE_PINNED).isEqualTo(1); // cuda.h:4176
        assertThat(CudaDriver.MEM_ALLOC_GRANULARITY_MINIMUM).isZero(); // cuda.h:4187
    }
}
