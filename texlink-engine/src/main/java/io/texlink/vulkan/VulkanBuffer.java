package io.texlink.vulkan;

import io.texlink.Backend;
import io.texlink.FrameDescriptor;
import io.texlink.FrameMeta;
import io.texlink.FrameType;
import io.texlink.HandleType;
import io.texlink.TexlinkProtocolException;
import io.texlink.TexlinkUnsupportedException;
import io.texlink.posix.OwnedFd;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.vulkan.VK10;
import org.lwjgl.vulkan.VkBufferCopy;
import org.lwjgl.vulkan.VkBufferCreateInfo;
import org.lwjgl.vulkan.VkBufferMemoryBarrier;
import org.lwjgl.vulkan.VkCommandBuffer;
import org.lwjgl.vulkan.VkExternalBufferProperties;
import org.lwjgl.vulkan.VkExternalMemoryBufferCreateInfo;
import org.lwjgl.vulkan.VkPhysicalDeviceExternalBufferInfo;

import static io.texlink.vulkan.VulkanResult.check;
import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.system.MemoryUtil.NULL;
import static org.lwjgl.vulkan.VK10.*;
import static org.lwjgl.vulkan.VK11.*;

/**
 * A shared {@code VkBuffer} (vertex, compute or raw frames) and its memory. Both sides create it
 * with the same usage (transfer source and destination, vertex, index, storage and uniform) and
 * the same size: the memory requirement of the producer's buffer, which is the descriptor's size.
 * See {@link VulkanFrame} for the hand-over rules.
 */
public final class VulkanBuffer extends VulkanFrame {
    private static final String TYPE = "VkBuffer";
    /** The usage of every shared buffer, on both sides. */
    public static final int USAGE = VK_BUFFER_USAGE_TRANSFER_SRC_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT
            | VK_BUFFER_USAGE_VERTEX_BUFFER_BIT | VK_BUFFER_USAGE_INDEX_BUFFER_BIT | VK_BUFFER_USAGE_STORAGE_BUFFER_BIT
            | VK_BUFFER_USAGE_UNIFORM_BUFFER_BIT;

    private final HandleType handle;
    private long buffer = NULL;
    private long size;

    private VulkanBuffer(VulkanContext context, String name, Backend producer, boolean owned, FrameWait wait,
                         boolean external, HandleType handle) {
        super(context, name, producer, owned, wait, external);
        this.handle = handle;
    }

    /**
     * Creates a buffer of at least {@code requested.size()} bytes whose memory is exported as
     * {@code handle}. Where the driver rounds the size up, the buffer is made that large, so that
     * a consumer creating one of the descriptor's size makes the same buffer.
     */
    static VulkanBuffer export(VulkanContext context, FrameDescriptor requested, HandleType handle, String name) {
        String what = name + " (" + requested.type() + " " + requested.size() + " bytes, " + handle + ")";
        boolean dedicatedOnly = externalSupport(context, handle, true, what);
        VulkanBuffer frame = new VulkanBuffer(context, what, Backend.VULKAN, true, null, false, handle);
        try {
            frame.create(requested.size());
            VulkanMemory.Requirements requirements = VulkanMemory.ofBuffer(context, frame.buffer, dedicatedOnly);
            if (requirements.size() != frame.size) {
                frame.destroyResource();
                frame.create(requirements.size());
                requirements = VulkanMemory.ofBuffer(context, frame.buffer, dedicatedOnly);
            }
            frame.allocateAndExport(requirements, handle);
            frame.describe(FrameDescriptor.buffer(requested.type(), requirements.size()));
            return frame;
        } catch (RuntimeException e) {
            frame.close();
            throw e;
        }
    }

    /**
     * Creates a buffer of the descriptor's size and binds the received memory to it.
     * {@code received} stays the caller's.
     *
     * @throws TexlinkProtocolException when such a buffer needs more memory than the producer's holds
     */
    static VulkanBuffer importFrom(VulkanContext context, String name, FrameMeta meta, OwnedFd received, FrameWait wait) {
        FrameDescriptor sent = meta.descriptor();
        String what = name + " (" + sent.type() + " " + sent.size() + " bytes, " + meta.handleType() + ")";
        boolean dedicatedOnly = externalSupport(context, meta.handleType(), false, what);
        VulkanBuffer frame = new VulkanBuffer(context, what, meta.backend(), true, wait, true, meta.handleType());
        try {
            frame.create(sent.size());
            VulkanMemory.Requirements requirements = VulkanMemory.ofBuffer(context, frame.buffer, dedicatedOnly);
            if (requirements.size() > sent.size()) {
                throw new TexlinkProtocolException(what + ": a buffer of " + sent.size() + " bytes needs "
                        + requirements.size() + " bytes of memory on this device; the producer's holds " + sent.size());
            }
            frame.importAndBind(requirements, meta.handleType(), received, sent.size());
            frame.describe(sent);
            return frame;
        } catch (RuntimeException e) {
            frame.close();
            throw e;
        }
    }

    /**
     * Shares a buffer the application made: created with {@link #USAGE}, a
     * {@code VkExternalMemoryBufferCreateInfo} for {@code handle} and a size equal to its memory
     * requirement, and bound at offset 0 to {@code memory}, allocated as {@link VulkanImage#wrap}
     * describes. The buffer and memory stay the application's.
     *
     * @throws TexlinkUnsupportedException when the allocation breaks the rules consumers follow
     */
    public static VulkanBuffer wrap(VulkanContext context, FrameType type, HandleType handle, long buffer, long memory,
                                    long allocationSize, int memoryTypeIndex, boolean dedicated) {
        String what = "application buffer (" + type + " " + allocationSize + " bytes, " + handle + ")";
        boolean dedicatedOnly = externalSupport(context, handle, true, what);
        VulkanBuffer frame = new VulkanBuffer(context, what, Backend.VULKAN, false, null, false, handle);
        try {
            frame.buffer = buffer;
            frame.size = allocationSize;
            VulkanImage.requireSharedAllocation(context, what, VulkanMemory.ofBuffer(context, buffer, dedicatedOnly),
                    allocationSize, memoryTypeIndex, dedicated);
            frame.exportExisting(memory, handle, dedicated);
            frame.describe(FrameDescriptor.buffer(type, allocationSize));
            return frame;
        } catch (RuntimeException e) {
            frame.close();
            throw e;
        }
    }

    /** Whether buffers can be exported or imported as {@code handle} here; true when only dedicated allocations can. */
    private static boolean externalSupport(VulkanContext context, HandleType handle, boolean export, String what) {
        try (MemoryStack stack = stackPush()) {
            VkExternalBufferProperties properties = VkExternalBufferProperties.calloc(stack).sType$Default();
            vkGetPhysicalDeviceExternalBufferProperties(context.physicalDevice(), VkPhysicalDeviceExternalBufferInfo
                    .calloc(stack).sType$Default().usage(USAGE)
                    .handleType(VulkanImageSpec.memoryHandleBit(handle)), properties);
            int features = properties.externalMemoryProperties().externalMemoryFeatures();
            int needed = VulkanMemory.neededFeatures(handle, export);
            if ((features & needed) != needed) {
                throw new TexlinkUnsupportedException(what + ": the device cannot " + (export ? "export" : "import")
                        + " buffers as " + handle);
            }
            return (features & VK_EXTERNAL_MEMORY_FEATURE_DEDICATED_ONLY_BIT) != 0;
        }
    }

    private void create(long bytes) {
        try (MemoryStack stack = stackPush()) {
            VkBufferCreateInfo info = VkBufferCreateInfo.calloc(stack).sType$Default().size(bytes).usage(USAGE)
                    .sharingMode(VK_SHARING_MODE_EXCLUSIVE)
                    .pNext(VkExternalMemoryBufferCreateInfo.calloc(stack).sType$Default()
                            .handleTypes(VulkanImageSpec.memoryHandleBit(handle)));
            buffer = context.create(TYPE, "vkCreateBuffer (" + name + ")", h -> vkCreateBuffer(context.device(), info, null, h));
            size = bytes;
        }
    }

    /** The {@code VkBuffer}. */
    public long buffer() {
        return buffer;
    }

    @Override
    public HandleType handleType() {
        return handle;
    }

    @Override
    public long hostSize() {
        return size;
    }

    /** Records the acquire barrier before the application's commands use the buffer (from {@code VK_QUEUE_FAMILY_EXTERNAL}). */
    public void recordAcquire(VkCommandBuffer commands, int dstStageMask, int dstAccessMask) {
        acquire(commands, 0, dstStageMask, dstAccessMask);
    }

    /** Records the release barrier after the application's commands (to {@code VK_QUEUE_FAMILY_EXTERNAL}). */
    public void recordRelease(VkCommandBuffer commands, int srcStageMask, int srcAccessMask) {
        release(commands, 0, srcStageMask, srcAccessMask);
    }

    @Override
    long dedicatedImage() {
        return NULL;
    }

    @Override
    long dedicatedBuffer() {
        return buffer;
    }

    @Override
    void bind(long memory) {
        check(vkBindBufferMemory(context.device(), buffer, memory, 0), "vkBindBufferMemory");
    }

    @Override
    void destroyResource() {
        buffer = context.destroy(buffer, TYPE, VK10::vkDestroyBuffer);
    }

    @Override
    void recordBarrier(VkCommandBuffer commands, int srcFamily, int dstFamily, int oldLayout, int newLayout,
                       int srcStage, int srcAccess, int dstStage, int dstAccess) {
        try (MemoryStack stack = stackPush()) {
            vkCmdPipelineBarrier(commands, srcStage, dstStage, 0, null, VkBufferMemoryBarrier.calloc(1, stack)
                    .sType$Default().srcAccessMask(srcAccess).dstAccessMask(dstAccess)
                    .srcQueueFamilyIndex(srcFamily).dstQueueFamilyIndex(dstFamily)
                    .buffer(buffer).offset(0).size(VK_WHOLE_SIZE), null);
        }
    }

    @Override
    void recordCopyFromStaging(VkCommandBuffer commands, long staging) {
        try (MemoryStack stack = stackPush()) {
            vkCmdCopyBuffer(commands, staging, buffer, VkBufferCopy.calloc(1, stack).size(size));
        }
    }

    @Override
    void recordCopyToStaging(VkCommandBuffer commands, long staging) {
        try (MemoryStack stack = stackPush()) {
            vkCmdCopyBuffer(commands, buffer, staging, VkBufferCopy.calloc(1, stack).size(size));
        }
    }
}
