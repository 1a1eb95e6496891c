package io.texlink.cuda;

import io.texlink.FrameDescriptor;
import io.texlink.FrameType;
import io.texlink.PixelFormat;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CudaArrayShapeTest {
    // CUarray_format (cuda.h 13.0 lines 648, 654) and CUDA_ARRAY3D_* flags (lines 4816, 4824, 4842).
    private static final int UNSIGNED_INT8 = 0x01, HALF = 0x10;
    private static final int SURFACE_LDST = 0x02, CUBEMAP = 0x04, COLOR_ATTACHMENT = 0x20;

    @Test
    void texturesBecomeArraysOfTheirShape() {
        assertThat(CudaArrayShape.of(FrameDescriptor.texture2d(640, 480, PixelFormat.ABGR8888), SURFACE_LDST))
                .isEqualTo(new CudaArrayShape(640, 480, 0, UNSIGNED_INT8, 4, SURFACE_LDST));
        assertThat(CudaArrayShape.of(FrameDescriptor.texture3d(32, 16, 8, PixelFormat.R8), 0))
                .isEqualTo(new CudaArrayShape(32, 16, 8, UNSIGNED_INT8, 1, 0));
        CudaArrayShape cube = CudaArrayShape.of(FrameDescriptor.textureCube(64, PixelFormat.ABGR16161616F),
                SURFACE_LDST | COLOR_ATTACHMENT);
        assertThat(cube).isEqualTo(new CudaArrayShape(64, 64, 6, HALF, 4, SURFACE_LDST | COLOR_ATTACHMENT | CUBEMAP));
        assertThat(CudaImportBuilder.DEFAULT_ARRAY_FLAGS).isEqualTo(SURFACE_LDST | COLOR_ATTACHMENT);
    }

    @Test
    void everyTexlinkPixelFormatHasAnArrayFormat() {
        for (PixelFormat format : PixelFormat.values()) {
            if (format == PixelFormat.UNKNOWN) {
                continue;
            }
            CudaArrayShape shape = CudaArrayShape.of(FrameDescriptor.texture2d(4, 4, format), 0);
            int bytesPerChannel = shape.format() == HALF ? 2 : 1;
            assertThat(shape.channels() * bytesPerChannel).as("%s", format).isEqualTo(format.bytesPerPixel());
        }
    }

    @Test
    void buffersAreNotArrays() {
        assertThatThrownBy(() -> CudaArrayShape.of(FrameDescriptor.buffer(FrameType.RAW, 64), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void framesAreNamedForMessages() {
        assertThat(CudaFrame.name(1, FrameDescriptor.texture2d(640, 480, PixelFormat.ABGR8888)))
                .isEqualTo("buffer 1 (TEXTURE_2D 640x480 ABGR8888, stride 2560)");
        assertThat(CudaFrame.name(0, new FrameDescriptor(FrameType.TEXTURE_3D, 8, 8, 4, 0, PixelFormat.R8, 0, 4096)))
                .isEqualTo("buffer 0 (TEXTURE_3D 8x8x4 R8, optimal tiling)");
        assertThat(CudaFrame.name(2, FrameDescriptor.buffer(FrameType.COMPUTE_BUFFER, 1024)))
                .isEqualTo("buffer 2 (COMPUTE_BUFFER 1024 bytes)");
    }
}
