package io.texlink.cuda;

import io.texlink.cpu.MemfdFrameAllocator;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The builders check their options before anything touches the driver. */
class CudaBuildersTest {

    @Test
    void waitTimeoutsArePositive() {
        assertThatThrownBy(() -> CudaFrameImporter.builder().waitTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("the wait timeout must be positive, got PT0S");
        assertThatThrownBy(() -> CudaFrameAllocator.builder().waitTimeout(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CudaMappedFrameAllocator.builder(new MemfdFrameAllocator()).waitTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void arrayFlagsAreTheUsageFlagsOnly() {
        assertThatThrownBy(() -> CudaFrameImporter.builder().arrayFlags(0x04)) // CUDA_ARRAY3D_CUBEMAP: texlink sets it itself
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("array flags 0x4 go beyond CUDA_ARRAY3D_SURFACE_LDST | CUDA_ARRAY3D_COLOR_ATTACHMENT");
        assertThatThrownBy(() -> CudaMappedFrameAllocator.builder(new MemfdFrameAllocator()).arrayFlags(0x40))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void deviceOrdinalsAreNotNegative() {
        assertThatThrownBy(() -> CudaFrameImporter.builder().device(-1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("device ordinal -1 is negative");
        assertThatThrownBy(() -> CudaFrameAllocator.builder().device(-2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CudaFrameImporter.builder().dedicatedAllocation(null)).isInstanceOf(NullPointerException.class);
    }
}
