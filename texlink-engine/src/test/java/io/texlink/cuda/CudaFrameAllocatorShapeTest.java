package io.texlink.cuda;

import io.texlink.FrameDescriptor;
import io.texlink.FrameType;
import io.texlink.PixelFormat;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The shape a CUDA producer shares for a requested frame: linear, whole granules. */
class CudaFrameAllocatorShapeTest {
    private static final long GRANULE = 2L << 20; // cuMemGetAllocationGranularity (minimum) on the H100

    @Test
    void sizesRoundUpToWholeGranules() {
        assertThat(VmmAllocation.roundUp(1, GRANULE)).isEqualTo(GRANULE);
        assertThat(VmmAllocation.roundUp(GRANULE, GRANULE)).isEqualTo(GRANULE);
        assertThat(VmmAllocation.roundUp(GRANULE + 1, GRANULE)).isEqualTo(2 * GRANULE);
        FrameDescriptor buffer = CudaFrameAllocator.shared(FrameDescriptor.buffer(FrameType.COMPUTE_BUFFER, 5 * GRANULE + 3), GRANULE);
        assertThat(buffer).isEqualTo(FrameDescriptor.buffer(FrameType.COMPUTE_BUFFER, 6 * GRANULE));
    }

    @Test
    void texturesKeepTheirStrideOrGetTheRowSize() {
        FrameDescriptor vga = CudaFrameAllocator.shared(FrameDescriptor.texture2d(640, 480, PixelFormat.ABGR8888), GRANULE);
        assertThat(vga.stride()).isEqualTo(2560);
        assertThat(vga.size()).isEqualTo(GRANULE);
        FrameDescriptor padded = new FrameDescriptor(FrameType.TEXTURE_2D, 100, 10, 1, 512, PixelFormat.R8, 0, 5120);
        assertThat(CudaFrameAllocator.shared(padded, GRANULE).stride()).isEqualTo(512);
        FrameDescriptor optimal = new FrameDescriptor(FrameType.TEXTURE_CUBE, 1024, 1024, 1, 0, PixelFormat.ABGR16161616F, 0, 100);
        FrameDescriptor linearCube = CudaFrameAllocator.shared(optimal, GRANULE);
        assertThat(linearCube.stride()).isEqualTo(8192);
        assertThat(linearCube.size()).as("six faces of 8 MiB").isEqualTo(48L << 20);
    }
}
