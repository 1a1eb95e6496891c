package io.texlink.vulkan;

import org.lwjgl.PointerBuffer;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.vulkan.VkBufferCreateInfo;
import org.lwjgl.vulkan.VkCommandBuffer;
import org.lwjgl.vulkan.VkCommandBufferAllocateInfo;
import org.lwjgl.vulkan.VkCommandBufferBeginInfo;
import org.lwjgl.vulkan.VkCommandPoolCreateInfo;
import org.lwjgl.vulkan.VK10;
import org.lwjgl.vulkan.VkFenceCreateInfo;

import java.lang.foreign.MemorySegment;

import static io.texlink.vulkan.VulkanResult.check;
import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.system.MemoryUtil.NULL;
import static org.lwjgl.vulkan.VK10.*;

/**
 * A host-visible staging buffer with its own command pool, command buffer and fence: what one
 * frame needs to copy pixels between the CPU and its image or buffer. A copy is recorded between
 * {@link #begin()} and {@link #submit}; the next {@link #begin()} waits until the previous copy
 * is done, so the staging memory is never overwritten while the GPU reads it. One thread at a time.
 */
final class HostTransfer implements AutoCloseable {
    private final VulkanContext context;
    private final String what;
    private long buffer = NULL;
    private long memory = NULL;
    private long pool = NULL;
    private long fence = NULL;
    private VkCommandBuffer commands;
    private MemorySegment staging;
    private boolean pending;

    HostTransfer(VulkanContext context, long size, String what) {
        this.context = context;
        this.what = what;
        try (MemoryStack stack = stackPush()) {
            buffer = context.create("VkBuffer", "vkCreateBuffer (staging)", h -> vkCreateBuffer(context.device(),
                    VkBufferCreateInfo.calloc(stack).sType$Default().size(size)
                            .usage(VK_BUFFER_USAGE_TRANSFER_SRC_BIT | VK_BUFFER_USAGE_TRANSFER_DST_BIT)
                            .sharingMode(VK_SHARING_MODE_EXCLUSIVE), null, h));
            memory = VulkanMemory.allocateStaging(context, VulkanMemory.ofBuffer(context, buffer, false), what + " staging");
            check(vkBindBufferMemory(context.device(), buffer, memory, 0), "vkBindBufferMemory (staging)");
            PointerBuffer mapped = stack.mallocPointer(1);
            check(vkMapMemory(context.device(), memory, 0, size, 0, mapped), "vkMapMemory (staging)");
            staging = MemorySegment.ofAddress(mapped.get(0)).reinterpret(size);

            pool = context.create("VkCommandPool", "vkCreateCommandPool", h -> vkCreateCommandPool(context.device(),
                    VkCommandPoolCreateInfo.calloc(stack).sType$Default()
                            .flags(VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT)
                            .queueFamilyIndex(context.queueFamilyIndex()), null, h));
            PointerBuffer allocated = stack.mallocPointer(1);
            check(vkAllocateCommandBuffers(context.device(), VkCommandBufferAllocateInfo.calloc(stack).sType$Default()
                    .commandPool(pool).level(VK_COMMAND_BUFFER_LEVEL_PRIMARY).commandBufferCount(1), allocated),
                    "vkAllocateCommandBuffers");
            commands = new VkCommandBuffer(allocated.get(0), context.device());
            fence = context.create("VkFence", "vkCreateFence", h -> vkCreateFence(context.device(),
                    VkFenceCreateInfo.calloc(stack).sType$Default(), null, h));
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The staging buffer's bytes, mapped. */
    MemorySegment staging() {
        return staging;
    }

    /** The staging {@code VkBuffer}. */
    long buffer() {
        return buffer;
    }

    /** Waits for the previous copy, then starts recording a new one. */
    VkCommandBuffer begin() {
        awaitPending();
        try (MemoryStack stack = stackPush()) {
            check(vkBeginCommandBuffer(commands, VkCommandBufferBeginInfo.calloc(stack).sType$Default()
                    .flags(VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT)), "vkBeginCommandBuffer");
        }
        return commands;
    }

    /**
     * Ends recording and submits, after {@code waitSemaphore} reaches {@code waitValue} where a
     * semaphore is given; with {@code await}, returns when the copy is done.
     */
    void submit(long waitSemaphore, long waitValue, boolean await) {
        check(vkEndCommandBuffer(commands), "vkEndCommandBuffer");
        context.submit(commands, waitSemaphore, waitValue, VK_PIPELINE_STAGE_TRANSFER_BIT, NULL, 0, fence);
        pending = true;
        if (await) {
            awaitPending();
        }
    }

    private void awaitPending() {
        if (pending) {
            pending = false;
            context.awaitFence(fence, what + " copy");
        }
    }

    /** Waits for a copy still running, then destroys the fence, pool, buffer and memory. */
    @Override
    public void close() {
        try {
            awaitPending();
        } finally {
            fence = context.destroy(fence, "VkFence", VK10::vkDestroyFence);
            pool = context.destroy(pool, "VkCommandPool", VK10::vkDestroyCommandPool); // frees the command buffer
            buffer = context.destroy(buffer, "VkBuffer", VK10::vkDestroyBuffer);
            memory = VulkanMemory.free(context, memory); // unmaps
        }
    }
}
