package io.texlink.vulkan;

import io.texlink.posix.OwnedFd;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.vulkan.VK10;
import org.lwjgl.vulkan.VkExportSemaphoreCreateInfo;
import org.lwjgl.vulkan.VkImportSemaphoreFdInfoKHR;
import org.lwjgl.vulkan.VkSemaphoreCreateInfo;
import org.lwjgl.vulkan.VkSemaphoreGetFdInfoKHR;
import org.lwjgl.vulkan.VkSemaphoreTypeCreateInfo;
import org.lwjgl.vulkan.VkSemaphoreWaitInfo;

import java.nio.IntBuffer;

import static io.texlink.vulkan.VulkanResult.check;
import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.system.MemoryUtil.NULL;
import static org.lwjgl.vulkan.KHRExternalSemaphoreFd.vkGetSemaphoreFdKHR;
import static org.lwjgl.vulkan.KHRExternalSemaphoreFd.vkImportSemaphoreFdKHR;
import static org.lwjgl.vulkan.VK10.vkCreateSemaphore;
import static org.lwjgl.vulkan.VK11.VK_EXTERNAL_SEMAPHORE_HANDLE_TYPE_OPAQUE_FD_BIT;
import static org.lwjgl.vulkan.VK12.VK_SEMAPHORE_TYPE_TIMELINE;
import static org.lwjgl.vulkan.VK12.vkWaitSemaphores;

/**
 * The session's timeline semaphore, shared as OPAQUE_FD (texlink's extension to v3): the producer
 * signals value n when frame n's GPU work is done and sends n in the notification; consumers wait
 * for n on their GPU or CPU. One per allocator or importer; values only grow.
 */
final class SharedTimeline implements AutoCloseable {
    private static final String TYPE = "VkSemaphore";

    private final VulkanContext context;
    private long semaphore;
    private OwnedFd exported;
    private long lastSignaled;

    private SharedTimeline(VulkanContext context) {
        this.context = context;
        context.ledger().adopt(this);
    }

    /** A new timeline at 0 that can be exported, and its exported descriptor. */
    static SharedTimeline export(VulkanContext context) {
        SharedTimeline timeline = new SharedTimeline(context);
        try (MemoryStack stack = stackPush()) {
            timeline.semaphore = create(context, stack, VkExportSemaphoreCreateInfo.calloc(stack).sType$Default()
                    .handleTypes(VK_EXTERNAL_SEMAPHORE_HANDLE_TYPE_OPAQUE_FD_BIT).address());
            IntBuffer fd = stack.mallocInt(1);
            check(vkGetSemaphoreFdKHR(context.device(), VkSemaphoreGetFdInfoKHR.calloc(stack).sType$Default()
                    .semaphore(timeline.semaphore).handleType(VK_EXTERNAL_SEMAPHORE_HANDLE_TYPE_OPAQUE_FD_BIT), fd),
                    "vkGetSemaphoreFdKHR");
            timeline.exported = new OwnedFd(fd.get(0));
            return timeline;
        } catch (RuntimeException e) {
            timeline.close();
            throw e;
        }
    }

    /**
     * The producer's timeline, imported from {@code received} (closed here: on success Vulkan
     * owns a duplicate, on failure nothing does).
     */
    static SharedTimeline importFd(VulkanContext context, OwnedFd received) {
        SharedTimeline timeline = new SharedTimeline(context);
        try (received; MemoryStack stack = stackPush()) {
            timeline.semaphore = create(context, stack, NULL);
            OwnedFd.importDuplicate(received.fd(), duplicate -> {
                check(vkImportSemaphoreFdKHR(context.device(), VkImportSemaphoreFdInfoKHR.calloc(stack).sType$Default()
                        .semaphore(timeline.semaphore).handleType(VK_EXTERNAL_SEMAPHORE_HANDLE_TYPE_OPAQUE_FD_BIT)
                        .fd(duplicate)), "vkImportSemaphoreFdKHR");
                return timeline.semaphore;
            });
            return timeline;
        } catch (RuntimeException e) {
            timeline.close();
            throw e;
        }
    }

    private static long create(VulkanContext context, MemoryStack stack, long exportInfo) {
        VkSemaphoreTypeCreateInfo type = VkSemaphoreTypeCreateInfo.calloc(stack).sType$Default()
                .semaphoreType(VK_SEMAPHORE_TYPE_TIMELINE).initialValue(0).pNext(exportInfo);
        // Chained by address: LWJGL's typed pNext(struct) prepends the struct and overwrites its own
        // pNext with ours, which would silently drop the export info (the semaphore would not be exportable).
        VkSemaphoreCreateInfo info = VkSemaphoreCreateInfo.calloc(stack).sType$Default().pNext(type.address());
        return context.create(TYPE, "vkCreateSemaphore (timeline)", h -> vkCreateSemaphore(context.device(), info, null, h));
    }

    long handle() {
        return semaphore;
    }

    /** The exported descriptor (producer side), owned by this timeline. */
    int exportedDescriptor() {
        return exported.fd();
    }

    /** Producer: signals the next value on the queue, after everything submitted before; returns it. */
    long signalNext() {
        long value = ++lastSignaled;
        context.submit(null, NULL, 0, 0, semaphore, value, NULL);
        return value;
    }

    /** Consumer: blocks until the timeline reaches {@code value}. */
    void awaitOnCpu(long value, long timeoutNanos) {
        try (MemoryStack stack = stackPush()) {
            check(vkWaitSemaphores(context.device(), VkSemaphoreWaitInfo.calloc(stack).sType$Default()
                    .semaphoreCount(1).pSemaphores(stack.longs(semaphore)).pValues(stack.longs(value)), timeoutNanos),
                    "vkWaitSemaphores (value " + value + ")");
        }
    }

    /** Destroys the semaphore and closes the exported descriptor. Idempotent. */
    @Override
    public void close() {
        context.ledger().disown(this);
        if (exported != null) {
            exported.close();
        }
        semaphore = context.destroy(semaphore, TYPE, VK10::vkDestroySemaphore);
    }
}
