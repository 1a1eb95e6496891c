package io.texlink.vulkan;

import io.texlink.HandleType;
import io.texlink.TexlinkProtocolException;
import io.texlink.TexlinkUnsupportedException;
import io.texlink.posix.FileStat;
import io.texlink.posix.Libc;
import io.texlink.posix.OwnedFd;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.vulkan.VK10;
import org.lwjgl.vulkan.VkBufferMemoryRequirementsInfo2;
import org.lwjgl.vulkan.VkExportMemoryAllocateInfo;
import org.lwjgl.vulkan.VkImageMemoryRequirementsInfo2;
import org.lwjgl.vulkan.VkImportMemoryFdInfoKHR;
import org.lwjgl.vulkan.VkMemoryAllocateInfo;
import org.lwjgl.vulkan.VkMemoryDedicatedAllocateInfo;
import org.lwjgl.vulkan.VkMemoryDedicatedRequirements;
import org.lwjgl.vulkan.VkMemoryFdPropertiesKHR;
import org.lwjgl.vulkan.VkMemoryGetFdInfoKHR;
import org.lwjgl.vulkan.VkMemoryRequirements2;

import java.nio.IntBuffer;
import java.util.function.BiConsumer;

import static io.texlink.vulkan.VulkanResult.check;
import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.system.MemoryUtil.NULL;
import static org.lwjgl.vulkan.KHRExternalMemoryFd.vkGetMemoryFdKHR;
import static org.lwjgl.vulkan.KHRExternalMemoryFd.vkGetMemoryFdPropertiesKHR;
import static org.lwjgl.vulkan.VK10.*;
import static org.lwjgl.vulkan.VK11.VK_EXTERNAL_MEMORY_FEATURE_EXPORTABLE_BIT;
import static org.lwjgl.vulkan.VK11.VK_EXTERNAL_MEMORY_FEATURE_IMPORTABLE_BIT;
import static org.lwjgl.vulkan.VK11.vkGetBufferMemoryRequirements2;
import static org.lwjgl.vulkan.VK11.vkGetImageMemoryRequirements2;

/**
 * Shared {@code VkDeviceMemory}: allocation for export, import of a received descriptor, and the
 * rules both sides must apply alike. For OPAQUE_FD the importer must repeat the exporter's
 * allocation size and memory type and use a dedicated allocation exactly where the exporter did
 * (Vulkan spec, "External memory handle types"), and neither is on the wire; so both pick them
 * by the same rules: the size is the resource's memory requirement (sent as the descriptor's
 * size), the type is the first device-local one the resource allows, and the allocation is
 * dedicated where the driver requires or prefers it or shares such resources only that way.
 */
final class VulkanMemory {
    private static final String TYPE = "VkDeviceMemory";

    private VulkanMemory() {
    }

    /** A resource's {@code VkMemoryRequirements} and whether its shared memory is a dedicated allocation. */
    record Requirements(long size, int typeBits, boolean dedicated) {
    }

    static Requirements ofImage(VulkanContext context, long image, boolean dedicatedOnly) {
        return query(dedicatedOnly, (stack, requirements) -> vkGetImageMemoryRequirements2(context.device(),
                VkImageMemoryRequirementsInfo2.calloc(stack).sType$Default().image(image), requirements));
    }

    static Requirements ofBuffer(VulkanContext context, long buffer, boolean dedicatedOnly) {
        return query(dedicatedOnly, (stack, requirements) -> vkGetBufferMemoryRequirements2(context.device(),
                VkBufferMemoryRequirementsInfo2.calloc(stack).sType$Default().buffer(buffer), requirements));
    }

    /** Runs a {@code vkGet*MemoryRequirements2} call with {@code VkMemoryDedicatedRequirements} chained. */
    private static Requirements query(boolean dedicatedOnly, BiConsumer<MemoryStack, VkMemoryRequirements2> call) {
        try (MemoryStack stack = stackPush()) {
            VkMemoryDedicatedRequirements dedicated = VkMemoryDedicatedRequirements.calloc(stack).sType$Default();
            VkMemoryRequirements2 requirements = VkMemoryRequirements2.calloc(stack).sType$Default().pNext(dedicated);
            call.accept(stack, requirements);
            return new Requirements(requirements.memoryRequirements().size(),
                    requirements.memoryRequirements().memoryTypeBits(),
                    dedicatedOnly || dedicated.requiresDedicatedAllocation() || dedicated.prefersDedicatedAllocation());
        }
    }

    /**
     * The {@code VkExternalMemoryFeatureFlags} a resource needs to be shared as {@code handle}.
     * For OPAQUE_FD both sides ask for export and import alike, so that they settle on the same
     * creation parameters (which must match for the import to be valid).
     */
    static int neededFeatures(HandleType handle, boolean export) {
        if (handle == HandleType.OPAQUE_FD) {
            return VK_EXTERNAL_MEMORY_FEATURE_EXPORTABLE_BIT | VK_EXTERNAL_MEMORY_FEATURE_IMPORTABLE_BIT;
        }
        return export ? VK_EXTERNAL_MEMORY_FEATURE_EXPORTABLE_BIT : VK_EXTERNAL_MEMORY_FEATURE_IMPORTABLE_BIT;
    }

    /** The memory type both sides use for shared memory of a resource that allows {@code typeBits}. */
    static int sharedMemoryType(VulkanContext context, int typeBits, String what) {
        int type = context.memoryType(typeBits, 0, VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT);
        if (type < 0) {
            throw new TexlinkUnsupportedException(what + ": no memory type fits (allowed types 0x"
                    + Integer.toHexString(typeBits) + ")");
        }
        return type;
    }

    /**
     * Allocates memory that can be exported as {@code handle}, dedicated to {@code image} or
     * {@code buffer} (the other is {@code VK_NULL_HANDLE}) where the requirements say so.
     */
    static long allocateExportable(VulkanContext context, Requirements requirements, HandleType handle, long image,
                                   long buffer, String what) {
        try (MemoryStack stack = stackPush()) {
            VkMemoryAllocateInfo info = VkMemoryAllocateInfo.calloc(stack).sType$Default()
                    .allocationSize(requirements.size())
                    .memoryTypeIndex(sharedMemoryType(context, requirements.typeBits(), what))
                    .pNext(VkExportMemoryAllocateInfo.calloc(stack).sType$Default()
                            .handleTypes(VulkanImageSpec.memoryHandleBit(handle)));
            return allocate(context, stack, info, requirements.dedicated(), image, buffer, what);
        }
    }

    /** Host-visible, coherent memory (cached where there is such) for a staging buffer; not shared. */
    static long allocateStaging(VulkanContext context, Requirements requirements, String what) {
        int type = context.memoryType(requirements.typeBits(),
                VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT, VK_MEMORY_PROPERTY_HOST_CACHED_BIT);
        if (type < 0) {
            throw new TexlinkUnsupportedException(what + ": the device has no host-visible coherent memory for staging");
        }
        try (MemoryStack stack = stackPush()) {
            VkMemoryAllocateInfo info = VkMemoryAllocateInfo.calloc(stack).sType$Default()
                    .allocationSize(requirements.size()).memoryTypeIndex(type);
            return allocate(context, stack, info, false, NULL, NULL, what);
        }
    }

    /**
     * Imports the producer's memory. Vulkan takes ownership of the descriptor it imports on
     * success, so it gets a duplicate: {@code handle} stays the caller's to close either way.
     *
     * @param allocationSize the producer's allocation size (the descriptor's size)
     * @throws TexlinkProtocolException when the descriptor is smaller than the metadata says or the
     *                                  driver rejects it
     */
    static long importMemory(VulkanContext context, Requirements requirements, HandleType handle, OwnedFd received,
                             long allocationSize, long image, long buffer, String what) {
        requireDescriptorSize(received, handle, allocationSize, what);
        int handleBit = VulkanImageSpec.memoryHandleBit(handle);
        try (MemoryStack stack = stackPush()) {
            int typeBits = requirements.typeBits();
            long size = allocationSize;
            if (handle == HandleType.DMA_BUF_FD) {
                // A DMA-BUF says which memory types can hold it; it is allocated at the resource's size.
                VkMemoryFdPropertiesKHR properties = VkMemoryFdPropertiesKHR.calloc(stack).sType$Default();
                check(vkGetMemoryFdPropertiesKHR(context.device(), handleBit, received.fd(), properties),
                        "vkGetMemoryFdPropertiesKHR");
                typeBits &= properties.memoryTypeBits();
                size = requirements.size();
            }
            VkMemoryAllocateInfo info = VkMemoryAllocateInfo.calloc(stack).sType$Default()
                    .allocationSize(size)
                    .memoryTypeIndex(sharedMemoryType(context, typeBits, what));
            return OwnedFd.importDuplicate(received.fd(), duplicate -> {
                info.pNext(VkImportMemoryFdInfoKHR.calloc(stack).sType$Default().handleType(handleBit).fd(duplicate));
                return allocate(context, stack, info, requirements.dedicated(), image, buffer, what);
            });
        }
    }

    /** Where the descriptor tells its size (a memfd, as lavapipe exports, or a DMA-BUF), it must cover the metadata's. */
    private static void requireDescriptorSize(OwnedFd received, HandleType handle, long size, String what) {
        long actual;
        if (handle == HandleType.DMA_BUF_FD) {
            actual = Libc.seekEnd(received.fd());
        } else {
            FileStat stat = Libc.fstat(received.fd());
            if (!stat.isRegularFile()) {
                return; // a driver's own object (NVIDIA): only the driver knows its size
            }
            actual = stat.size();
        }
        if (actual < size) {
            throw new TexlinkProtocolException(what + ": the received memory holds " + actual
                    + " bytes but the metadata claims " + size);
        }
    }

    private static long allocate(VulkanContext context, MemoryStack stack, VkMemoryAllocateInfo info, boolean dedicated,
                                 long image, long buffer, String what) {
        if (dedicated) {
            info.pNext(VkMemoryDedicatedAllocateInfo.calloc(stack).sType$Default().image(image).buffer(buffer));
        }
        return context.create(TYPE, "vkAllocateMemory (" + what + ", " + info.allocationSize() + " bytes, type "
                + info.memoryTypeIndex() + (dedicated ? ", dedicated)" : ")"),
                h -> vkAllocateMemory(context.device(), info, null, h));
    }

    /** A new descriptor for {@code memory} as {@code handle}, owned by the caller. */
    static OwnedFd export(VulkanContext context, long memory, HandleType handle) {
        try (MemoryStack stack = stackPush()) {
            IntBuffer fd = stack.mallocInt(1);
            check(vkGetMemoryFdKHR(context.device(), VkMemoryGetFdInfoKHR.calloc(stack).sType$Default()
                    .memory(memory).handleType(VulkanImageSpec.memoryHandleBit(handle)), fd), "vkGetMemoryFdKHR");
            return new OwnedFd(fd.get(0));
        }
    }

    /** Frees {@code memory} (unmapping it); returns {@code VK_NULL_HANDLE}. */
    static long free(VulkanContext context, long memory) {
        return context.destroy(memory, TYPE, VK10::vkFreeMemory);
    }
}
