package io.texlink.bench.gpu;

import io.texlink.TexlinkResourceException;
import org.lwjgl.system.APIUtil;
import org.lwjgl.vulkan.VK10;
import org.lwjgl.vulkan.VK11;
import org.lwjgl.vulkan.VK12;
import org.lwjgl.vulkan.VK13;

import java.util.Map;
import java.util.Set;

import static org.lwjgl.vulkan.VK10.VK_SUCCESS;

/**
 * Checks of the Vulkan calls the GPU methods record and submit themselves (the engine checks its
 * own): a failure names the call, the {@code VkResult} by its registry name and what it worked on.
 * The names are read off LWJGL's constants, so every code Vulkan 1.3 defines is named.
 */
final class VkResults {
    /** The success codes besides {@code VK_SUCCESS}; every error code starts with {@code VK_ERROR_}. */
    private static final Set<String> STATUS_CODES = Set.of("VK_SUCCESS", "VK_NOT_READY", "VK_TIMEOUT", "VK_EVENT_SET",
            "VK_EVENT_RESET", "VK_INCOMPLETE");
    private static final Map<Integer, String> NAMES = APIUtil.apiClassTokens(
            (field, value) -> field.getName().startsWith("VK_ERROR_") || STATUS_CODES.contains(field.getName()), null,
            VK10.class, VK11.class, VK12.class, VK13.class);

    private VkResults() {
    }

    /**
     * Returns quietly on {@code VK_SUCCESS}; allocation-free then.
     *
     * @throws TexlinkResourceException naming {@code call}, the result and {@code detail}
     */
    static void check(int result, String call, String detail) {
        if (result != VK_SUCCESS) {
            throw new TexlinkResourceException(call + " returned " + name(result) + "; " + detail);
        }
    }

    /** The registry name of a {@code VkResult}, e.g. {@code VK_ERROR_DEVICE_LOST}. */
    static String name(int result) {
        String name = NAMES.get(result);
        return name != null ? name : "VkResult " + result;
    }
}
