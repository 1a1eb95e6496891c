package io.texlink.cuda;

import io.texlink.FrameDescriptor;

import static jcuda.driver.CUarray_format.CU_AD_FORMAT_HALF;
import static jcuda.driver.CUarray_format.CU_AD_FORMAT_UNSIGNED_INT8;
import static jcuda.driver.JCudaDriver.CUDA_ARRAY3D_CUBEMAP;

/**
 * A texture frame as a {@code CUDA_ARRAY3D_DESCRIPTOR}: depth 0 for 2D, the slice count for 3D, 6
 * with {@code CUDA_ARRAY3D_CUBEMAP} for a cube (Vulkan's six-layer cube-compatible image); the
 * element format follows the pixel format (8-bit unsigned channels, or half floats for RGBA16F).
 *
 * @param flags {@code CUDA_ARRAY3D_*} flags, the cube flag included
 */
record CudaArrayShape(long width, long height, long depth, int format, int channels, int flags) {

    /**
     * @param usageFlags {@code CUDA_ARRAY3D_SURFACE_LDST} and {@code CUDA_ARRAY3D_COLOR_ATTACHMENT}
     *                   as the producer's image usage asks (the cube flag is added here)
     * @throws IllegalArgumentException for a buffer
     */
    static CudaArrayShape of(FrameDescriptor d, int usageFlags) {
        if (!d.type().isTexture()) {
            throw new IllegalArgumentException(d.type() + " is not a texture");
        }
        int format = switch (d.format()) {
            case R8, ARGB8888, XRGB8888, ABGR8888, XBGR8888 -> CU_AD_FORMAT_UNSIGNED_INT8;
            case ABGR16161616F -> CU_AD_FORMAT_HALF;
            case UNKNOWN -> throw new IllegalArgumentException("a texture needs a pixel format"); // FrameDescriptor ensures one
        };
        int channels = d.format().bytesPerPixel() == 1 ? 1 : 4;
        return switch (d.type()) {
            case TEXTURE_2D -> new CudaArrayShape(d.width(), d.height(), 0, format, channels, usageFlags);
            case TEXTURE_3D -> new CudaArrayShape(d.width(), d.height(), d.depth(), format, channels, usageFlags);
            case TEXTURE_CUBE -> new CudaArrayShape(d.width(), d.height(), 6, format, channels, usageFlags | CUDA_ARRAY3D_CUBEMAP);
            default -> throw new IllegalArgumentException(d.type() + " is not a texture");
        };
    }

    @Override
    public String toString() {
        return "CUDA array " + width + "x" + height + "x" + depth + ", format 0x" + Integer.toHexString(format) + " x"
                + channels + ", flags 0x" + Integer.toHexString(flags);
    }
}
