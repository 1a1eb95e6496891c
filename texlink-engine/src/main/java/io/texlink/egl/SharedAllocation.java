package io.texlink.egl;

import io.texlink.vulkan.VulkanBuffer;
import io.texlink.vulkan.VulkanFrame;
import io.texlink.vulkan.VulkanImage;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.vulkan.VkBufferMemoryRequirementsInfo2;
import org.lwjgl.vulkan.VkExternalBufferProperties;
import org.lwjgl.vulkan.VkImageMemoryRequirementsInfo2;
import org.lwjgl.vulkan.VkMemoryDedicatedRequirements;
import org.lwjgl.vulkan.VkMemoryRequirements2;
import org.lwjgl.vulkan.VkPhysicalDeviceExternalBufferInfo;

import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.vulkan.VK11.*;

/**
 * Whether a shared Vulkan frame's memory is a dedicated allocation: what
 * {@code GL_DEDICATED_MEMORY_OBJECT_EXT} must repeat when GL imports it ({@code EXT_external_objects}:
 * the import must match the allocation). It is not on the wire; like a Vulkan consumer, GL's side
 * derives it from the resource: dedicated where the driver requires or prefers it, or shares such
 * resources only that way (the rule of {@code io.texlink.vulkan.VulkanMemory}, asked here of the
 * producer's frame or of the consumer's Vulkan import of it).
 */
final class SharedAllocation {
    private SharedAllocation() {
    }

    static boolean dedicated(VulkanFrame frame) {
        var device = frame.context().device();
        try (MemoryStack stack = stackPush()) {
            VkMemoryDedicatedRequirements dedicated = VkMemoryDedicatedRequirements.calloc(stack).sType$Default();
            VkMemoryRequirements2 requirements = VkMemoryRequirements2.calloc(stack).sType$Default().pNext(dedicated);
            boolean dedicatedOnly;
            if (frame instanceof VulkanImage image) {
                vkGetImageMemoryRequirements2(device, VkImageMemoryRequirementsInfo2.calloc(stack).sType$Default()
                        .image(image.image()), requirements);
                dedicatedOnly = image.spec().dedicatedOnly();
            } else {
                vkGetBufferMemoryRequirements2(device, VkBufferMemoryRequirementsInfo2.calloc(stack).sType$Default()
                        .buffer(((VulkanBuffer) frame).buffer()), requirements);
                VkExternalBufferProperties properties = VkExternalBufferProperties.calloc(stack).sType$Default();
                vkGetPhysicalDeviceExternalBufferProperties(frame.context().physicalDevice(),
                        VkPhysicalDeviceExternalBufferInfo.calloc(stack).sType$Default().usage(VulkanBuffer.USAGE)
                                .handleType(VK_EXTERNAL_MEMORY_HANDLE_TYPE_OPAQUE_FD_BIT), properties);
                dedicatedOnly = (properties.externalMemoryProperties().externalMemoryFeatures()
                        & VK_EXTERNAL_MEMORY_FEATURE_DEDICATED_ONLY_BIT) != 0;
            }
            return dedicatedOnly || dedicated.requiresDedicatedAllocation() || dedicated.prefersDedicatedAllocation();
        }
    }
}
