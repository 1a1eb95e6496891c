package io.texlink.bench.gpu;

import io.texlink.vulkan.VulkanContext;
import io.texlink.vulkan.VulkanImage;
import org.lwjgl.PointerBuffer;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.vulkan.VkBufferCreateInfo;
import org.lwjgl.vulkan.VkBufferImageCopy;
import org.lwjgl.vulkan.VkCommandBuffer;
import org.lwjgl.vulkan.VkCommandBufferAllocateInfo;
import org.lwjgl.vulkan.VkCommandBufferBeginInfo;
import org.lwjgl.vulkan.VkCommandPoolCreateInfo;
import org.lwjgl.vulkan.VkFenceCreateInfo;
import org.lwjgl.vulkan.VkMemoryAllocateInfo;
import org.lwjgl.vulkan.VkMemoryBarrier;
import org.lwjgl.vulkan.VkMemoryRequirements;
import org.lwjgl.vulkan.VkSubmitInfo;

import java.nio.LongBuffer;

import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.system.MemoryUtil.NULL;
import static org.lwjgl.vulkan.VK10.*;

/**
 * The producer's per-frame GPU work in the Vulkan methods: the {@link GpuStamp} of the frame
 * written into the first four texels of row 0 of a shared image, on the context's queue, with the
 * hand-over barriers texlink's Vulkan backend asks for (acquire from and release to
 * {@code VK_QUEUE_FAMILY_EXTERNAL}, layout {@code GENERAL} throughout, so no layout transition
 * costs time). It is the smallest write that still proves, on the consumer's side, that the sync
 * delivered this frame's GPU work: the handoff is what is timed, not rendering.
 *
 * <p>Per frame: {@code vkCmdFillBuffer} of the stamp into a 16-byte scratch buffer,
 * {@code vkCmdCopyBufferToImage} of a 4×1 region, submitted with a fence per slot (the buffer
 * index), which the slot's next write waits for before it records again: a frame that the consumer
 * skipped may come back to the producer while its last write still runs. One thread at a time.
 */
final class VulkanStamp implements AutoCloseable {
    private static final long FENCE_TIMEOUT_NANOS = 5_000_000_000L;
    private static final String FENCE = "VkFence";

    private final VulkanContext context;
    private final VkCommandBuffer[] commands;
    private final long[] fences;
    private final String[] slotNames;
    private long pool = NULL;
    private long buffer = NULL;
    private long memory = NULL;

    /** @param slots how many frames may be in flight: the session's buffer count */
    VulkanStamp(VulkanContext context, int slots) {
        this.context = context;
        this.commands = new VkCommandBuffer[slots];
        this.fences = new long[slots];
        this.slotNames = new String[slots];
        try (MemoryStack stack = stackPush()) {
            LongBuffer handle = stack.mallocLong(1);
            VkResults.check(vkCreateCommandPool(context.device(), VkCommandPoolCreateInfo.calloc(stack).sType$Default()
                    .flags(VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT)
                    .queueFamilyIndex(context.queueFamilyIndex()), null, handle), "vkCreateCommandPool", "stamp commands");
            pool = handle.get(0);
            PointerBuffer allocated = stack.mallocPointer(slots);
            VkResults.check(vkAllocateCommandBuffers(context.device(), VkCommandBufferAllocateInfo.calloc(stack).sType$Default()
                    .commandPool(pool).level(VK_COMMAND_BUFFER_LEVEL_PRIMARY).commandBufferCount(slots), allocated),
                    "vkAllocateCommandBuffers", slots + " stamp command buffers");
            for (int i = 0; i < slots; i++) {
                commands[i] = new VkCommandBuffer(allocated.get(i), context.device());
                slotNames[i] = "stamp write into buffer " + i + " on " + context.capabilities().deviceName();
                VkResults.check(vkCreateFence(context.device(), VkFenceCreateInfo.calloc(stack).sType$Default()
                        .flags(VK_FENCE_CREATE_SIGNALED_BIT), null, handle), "vkCreateFence", slotNames[i]);
                fences[i] = handle.get(0);
            }
            createScratch(stack);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The 16-byte device-local buffer the stamp is filled into before it is copied into the image. */
    private void createScratch(MemoryStack stack) {
        LongBuffer handle = stack.mallocLong(1);
        VkResults.check(vkCreateBuffer(context.device(), VkBufferCreateInfo.calloc(stack).sType$Default().size(GpuStamp.BYTES)
                .usage(VK_BUFFER_USAGE_TRANSFER_SRC_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT)
                .sharingMode(VK_SHARING_MODE_EXCLUSIVE), null, handle), "vkCreateBuffer", "stamp scratch buffer, "
                + GpuStamp.BYTES + " bytes");
        buffer = handle.get(0);
        VkMemoryRequirements requirements = VkMemoryRequirements.calloc(stack);
        vkGetBufferMemoryRequirements(context.device(), buffer, requirements);
        VkResults.check(vkAllocateMemory(context.device(), VkMemoryAllocateInfo.calloc(stack).sType$Default()
                .allocationSize(requirements.size())
                .memoryTypeIndex(context.sharedMemoryTypeIndex(requirements.memoryTypeBits())), null, handle),
                "vkAllocateMemory", "stamp scratch buffer, " + requirements.size() + " bytes");
        memory = handle.get(0);
        VkResults.check(vkBindBufferMemory(context.device(), buffer, memory, 0), "vkBindBufferMemory", "stamp scratch buffer");
    }

    /**
     * Queues the write of {@code stamp} into {@code image} (the frame in buffer {@code slot}) on the
     * context's queue; returns once it is submitted. Structs live on LWJGL's thread-local stack.
     */
    void write(VulkanImage image, int slot, int stamp) {
        VkCommandBuffer cmd = commands[slot];
        try (MemoryStack stack = stackPush()) {
            LongBuffer fence = stack.longs(fences[slot]);
            VkResults.check(vkWaitForFences(context.device(), fence, true, FENCE_TIMEOUT_NANOS), "vkWaitForFences", slotNames[slot]);
            VkResults.check(vkResetFences(context.device(), fence), "vkResetFences", slotNames[slot]);
            VkResults.check(vkBeginCommandBuffer(cmd, VkCommandBufferBeginInfo.calloc(stack).sType$Default()
                    .flags(VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT)), "vkBeginCommandBuffer", slotNames[slot]);
            // The previous frame's copy read the scratch buffer (write after read), and the copy
            // below reads what the fill wrote (read after write).
            transferBarrier(cmd, stack, VK_ACCESS_TRANSFER_READ_BIT, VK_ACCESS_TRANSFER_WRITE_BIT);
            vkCmdFillBuffer(cmd, buffer, 0, GpuStamp.BYTES, stamp);
            transferBarrier(cmd, stack, VK_ACCESS_TRANSFER_WRITE_BIT, VK_ACCESS_TRANSFER_READ_BIT);
            image.recordAcquire(cmd, VK_IMAGE_LAYOUT_GENERAL, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_WRITE_BIT);
            VkBufferImageCopy.Buffer region = VkBufferImageCopy.calloc(1, stack);
            region.imageSubresource().set(VK_IMAGE_ASPECT_COLOR_BIT, 0, 0, 1);
            region.imageExtent().set(GpuStamp.WORDS, 1, 1);
            vkCmdCopyBufferToImage(cmd, buffer, image.image(), VK_IMAGE_LAYOUT_GENERAL, region);
            image.recordRelease(cmd, VK_IMAGE_LAYOUT_GENERAL, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_WRITE_BIT);
            VkResults.check(vkEndCommandBuffer(cmd), "vkEndCommandBuffer", slotNames[slot]);
            VkSubmitInfo submit = VkSubmitInfo.calloc(stack).sType$Default().pCommandBuffers(stack.pointers(cmd));
            synchronized (context.queueLock()) {
                VkResults.check(vkQueueSubmit(context.queue(), submit, fences[slot]), "vkQueueSubmit", slotNames[slot]);
            }
        }
    }

    private static void transferBarrier(VkCommandBuffer cmd, MemoryStack stack, int srcAccess, int dstAccess) {
        vkCmdPipelineBarrier(cmd, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_PIPELINE_STAGE_TRANSFER_BIT, 0,
                VkMemoryBarrier.calloc(1, stack).sType$Default().srcAccessMask(srcAccess).dstAccessMask(dstAccess), null, null);
    }

    /**
     * Waits for the writes still running, then destroys the fences, commands, buffer and memory;
     * everything is destroyed even when a wait fails, which is reported after.
     */
    @Override
    public void close() {
        int failed = VK_SUCCESS;
        String failedSlot = "";
        try (MemoryStack stack = stackPush()) {
            for (int i = 0; i < fences.length; i++) {
                if (fences[i] != NULL) {
                    int waited = vkWaitForFences(context.device(), stack.longs(fences[i]), true, FENCE_TIMEOUT_NANOS);
                    if (waited != VK_SUCCESS && failed == VK_SUCCESS) {
                        failed = waited;
                        failedSlot = slotNames[i];
                    }
                    vkDestroyFence(context.device(), fences[i], null);
                    fences[i] = NULL;
                }
            }
        }
        if (pool != NULL) {
            vkDestroyCommandPool(context.device(), pool, null); // frees the command buffers
        }
        if (buffer != NULL) {
            vkDestroyBuffer(context.device(), buffer, null);
        }
        if (memory != NULL) {
            vkFreeMemory(context.device(), memory, null);
        }
        pool = buffer = memory = NULL;
        VkResults.check(failed, "vkWaitForFences", "closing the " + failedSlot);
    }
}
