package io.texlink.vulkan;

import io.texlink.PixelFormat;
import io.texlink.TexlinkUnsupportedException;

import static org.lwjgl.vulkan.VK10.*;

/** texlink pixel formats as {@code VkFormat}, as wire-v3 maps them. */
final class VulkanFormats {
    private VulkanFormats() {
    }

    /**
     * The {@code VkFormat} of {@code format}. DRM fourccs name the bits of a little-endian word, so
     * ARGB8888 is the bytes B, G, R, A: {@code B8G8R8A8_UNORM}; the X variants ignore alpha.
     *
     * @throws TexlinkUnsupportedException for {@link PixelFormat#UNKNOWN}
     */
    static int vkFormat(PixelFormat format) {
        return switch (format) {
            case R8 -> VK_FORMAT_R8_UNORM;
            case ARGB8888, XRGB8888 -> VK_FORMAT_B8G8R8A8_UNORM;
            case ABGR8888, XBGR8888 -> VK_FORMAT_R8G8B8A8_UNORM;
            case ABGR16161616F -> VK_FORMAT_R16G16B16A16_SFLOAT;
            case UNKNOWN -> throw new TexlinkUnsupportedException("a Vulkan image needs a pixel format; the frame has none");
        };
    }
}
