package io.texlink.testing;

import io.texlink.FrameDescriptor;
import io.texlink.FrameType;
import io.texlink.PixelFormat;

/**
 * A frame shape as the cross-process tests write it in arguments and parameters:
 * {@code 2d:WxH:FORMAT}, {@code 3d:WxHxD:FORMAT}, {@code cube:EDGE:FORMAT}, or
 * {@code FRAME_TYPE:BYTES} for buffers (e.g. {@code 2d:256x128:ABGR8888}, {@code RAW:4096}).
 */
public final class ShapeArgument {
    private ShapeArgument() {
    }

    public static FrameDescriptor parse(String text) {
        String[] part = text.split(":");
        return switch (part[0]) {
            case "2d" -> {
                String[] size = part[1].split("x");
                yield FrameDescriptor.texture2d(Integer.parseInt(size[0]), Integer.parseInt(size[1]), PixelFormat.valueOf(part[2]));
            }
            case "3d" -> {
                String[] size = part[1].split("x");
                yield FrameDescriptor.texture3d(Integer.parseInt(size[0]), Integer.parseInt(size[1]),
                        Integer.parseInt(size[2]), PixelFormat.valueOf(part[2]));
            }
            case "cube" -> FrameDescriptor.textureCube(Integer.parseInt(part[1]), PixelFormat.valueOf(part[2]));
            default -> FrameDescriptor.buffer(FrameType.valueOf(part[0]), Long.parseLong(part[1]));
        };
    }
}
