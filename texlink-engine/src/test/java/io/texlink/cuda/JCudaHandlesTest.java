package io.texlink.cuda;

import jcuda.driver.CUstream;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JCuda object contract the bindings rely on: JCuda hands the driver
 * {@code nativePointer + byteOffset}, and handles of non-pointer objects sit in
 * {@code nativePointer}. Pure Java: JCuda's native library is not needed for these objects.
 */
class JCudaHandlesTest {

    @Test
    void addressesBecomeJCudaPointersThroughTheirByteOffset() {
        assertThat(JCudaHandles.devicePointer(0x7f00_1234_5000L).toString())
                .isEqualTo("CUdeviceptr[nativePointer=0x0,byteOffset=" + 0x7f00_1234_5000L + "]");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment host = arena.allocate(64);
            assertThat(JCudaHandles.hostPointer(host).toString())
                    .isEqualTo("Pointer[nativePointer=0x0,byteOffset=" + host.address() + "]");
        }
    }

    @Test
    void handlesRoundTripThroughTheNativePointerField() {
        assertThat(JCudaHandles.handle(JCudaHandles.mipmappedArray(0x5555_0000_1000L))).isEqualTo(0x5555_0000_1000L);
        assertThat(JCudaHandles.mipmappedArray(0xabcL).toString()).isEqualTo("CUmipmappedArray[nativePointer=0xabc]");
        assertThat(JCudaHandles.handle(new CUstream())).as("a stream JCuda has not created").isZero();
    }
}
