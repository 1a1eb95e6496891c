package io.texlink.backend;

import io.texlink.FrameDescriptor;
import io.texlink.FrameType;
import io.texlink.PixelFormat;

/**
 * Where a GPU texture's texels lie in host memory when a backend copies them in or out
 * ({@code upload}/{@code download}, and {@link io.texlink.pattern.TestPattern}): tightly packed rows
 * of width × bytes per pixel, layer after layer, whatever the frame's own tiling or stride.
 */
public final class HostLayout {
    private HostLayout() {
    }

    /** The host layout of a texture of {@code type} (2D for any type but 3D and cube). */
    public static FrameDescriptor of(FrameType type, int width, int height, int depth, PixelFormat format) {
        return switch (type) {
            case TEXTURE_3D -> FrameDescriptor.texture3d(width, height, depth, format);
            case TEXTURE_CUBE -> FrameDescriptor.textureCube(width, format);
            default -> FrameDescriptor.texture2d(width, height, format);
        };
    }

    /** The host layout of the texture {@code shared} describes. */
    public static FrameDescriptor of(FrameDescriptor shared) {
        return of(shared.type(), shared.width(), shared.height(), shared.depth(), shared.format());
    }
}
