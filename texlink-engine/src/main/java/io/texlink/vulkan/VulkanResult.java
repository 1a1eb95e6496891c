package io.texlink.vulkan;

import io.texlink.TexlinkProtocolException;
import io.texlink.TexlinkResourceException;
import io.texlink.TexlinkTimeoutException;
import io.texlink.TexlinkUnsupportedException;

import static org.lwjgl.vulkan.EXTImageDrmFormatModifier.VK_ERROR_INVALID_DRM_FORMAT_MODIFIER_PLANE_LAYOUT_EXT;
import static org.lwjgl.vulkan.VK10.*;
import static org.lwjgl.vulkan.VK11.VK_ERROR_INVALID_EXTERNAL_HANDLE;
import static org.lwjgl.vulkan.VK11.VK_ERROR_OUT_OF_POOL_MEMORY;
import static org.lwjgl.vulkan.VK12.VK_ERROR_FRAGMENTATION;

/**
 * The one place where a {@code VkResult} becomes an exception: every Vulkan call of this package
 * passes its result through {@link #check}, which names the call and the result code.
 */
final class VulkanResult {
    private VulkanResult() {
    }

    /**
     * Returns quietly on {@code VK_SUCCESS}; otherwise throws, naming {@code call}:
     * {@link TexlinkTimeoutException} for {@code VK_TIMEOUT}, {@link TexlinkUnsupportedException}
     * for a missing layer, extension, feature, format or driver, {@link TexlinkProtocolException}
     * for an external handle or layout the driver rejects (it came from a peer), and
     * {@link TexlinkResourceException} for everything else.
     */
    static void check(int result, String call) {
        if (result == VK_SUCCESS) {
            return;
        }
        String message = call + " returned " + name(result);
        switch (result) {
            case VK_TIMEOUT -> throw new TexlinkTimeoutException(message);
            case VK_ERROR_LAYER_NOT_PRESENT, VK_ERROR_EXTENSION_NOT_PRESENT, VK_ERROR_FEATURE_NOT_PRESENT,
                 VK_ERROR_INCOMPATIBLE_DRIVER, VK_ERROR_FORMAT_NOT_SUPPORTED ->
                    throw new TexlinkUnsupportedException(message);
            case VK_ERROR_INVALID_EXTERNAL_HANDLE, VK_ERROR_INVALID_DRM_FORMAT_MODIFIER_PLANE_LAYOUT_EXT ->
                    throw new TexlinkProtocolException(message + ": the driver rejects the handle or layout the producer sent");
            default -> throw new TexlinkResourceException(message);
        }
    }

    /** The registry name of a {@code VkResult}, e.g. {@code VK_ERROR_OUT_OF_DEVICE_MEMORY}. */
    static String name(int result) {
        return switch (result) {
            case VK_SUCCESS -> "VK_SUCCESS";
            case VK_NOT_READY -> "VK_NOT_READY";
            case VK_TIMEOUT -> "VK_TIMEOUT";
            case VK_EVENT_SET -> "VK_EVENT_SET";
            case VK_EVENT_RESET -> "VK_EVENT_RESET";
            case VK_INCOMPLETE -> "VK_INCOMPLETE";
            case VK_ERROR_OUT_OF_HOST_MEMORY -> "VK_ERROR_OUT_OF_HOST_MEMORY";
            case VK_ERROR_OUT_OF_DEVICE_MEMORY -> "VK_ERROR_OUT_OF_DEVICE_MEMORY";
            case VK_ERROR_INITIALIZATION_FAILED -> "VK_ERROR_INITIALIZATION_FAILED";
            case VK_ERROR_DEVICE_LOST -> "VK_ERROR_DEVICE_LOST";
            case VK_ERROR_MEMORY_MAP_FAILED -> "VK_ERROR_MEMORY_MAP_FAILED";
            case VK_ERROR_LAYER_NOT_PRESENT -> "VK_ERROR_LAYER_NOT_PRESENT";
            case VK_ERROR_EXTENSION_NOT_PRESENT -> "VK_ERROR_EXTENSION_NOT_PRESENT";
            case VK_ERROR_FEATURE_NOT_PRESENT -> "VK_ERROR_FEATURE_NOT_PRESENT";
            case VK_ERROR_INCOMPATIBLE_DRIVER -> "VK_ERROR_INCOMPATIBLE_DRIVER";
            case VK_ERROR_TOO_MANY_OBJECTS -> "VK_ERROR_TOO_MANY_OBJECTS";
            case VK_ERROR_FORMAT_NOT_SUPPORTED -> "VK_ERROR_FORMAT_NOT_SUPPORTED";
            case VK_ERROR_FRAGMENTED_POOL -> "VK_ERROR_FRAGMENTED_POOL";
            case VK_ERROR_UNKNOWN -> "VK_ERROR_UNKNOWN";
            case VK_ERROR_OUT_OF_POOL_MEMORY -> "VK_ERROR_OUT_OF_POOL_MEMORY";
            case VK_ERROR_INVALID_EXTERNAL_HANDLE -> "VK_ERROR_INVALID_EXTERNAL_HANDLE";
            case VK_ERROR_FRAGMENTATION -> "VK_ERROR_FRAGMENTATION";
            case VK_ERROR_INVALID_DRM_FORMAT_MODIFIER_PLANE_LAYOUT_EXT -> "VK_ERROR_INVALID_DRM_FORMAT_MODIFIER_PLANE_LAYOUT_EXT";
            default -> "VkResult " + result;
        };
    }
}
