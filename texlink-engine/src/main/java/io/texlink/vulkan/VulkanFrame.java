package io.texlink.vulkan;

import io.texlink.Backend;
import io.texlink.FrameDescriptor;
import io.texlink.HandleType;
import io.texlink.backend.ExportedBuffer;
import io.texlink.backend.ImportedBuffer;
import io.texlink.posix.OwnedFd;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.vulkan.VkCommandBuffer;
import org.lwjgl.vulkan.VkMemoryBarrier;

import java.lang.foreign.MemorySegment;

import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.system.MemoryUtil.NULL;
import static org.lwjgl.vulkan.VK10.*;
import static org.lwjgl.vulkan.VK11.VK_QUEUE_FAMILY_EXTERNAL;

/**
 * One shared frame on the GPU: a {@link VulkanImage} or a {@link VulkanBuffer} with its memory.
 * On the producer side it is what {@link io.texlink.WritableFrame#buffer()} returns, on the
 * consumer side what {@link io.texlink.AcquiredFrame#buffer()} returns; cast to reach the image or
 * buffer. The CPU cannot map it ({@link #cpuMemory()} is {@code NULL}): move pixels with
 * {@link #upload} and {@link #download}, or use the handles in your own command buffers.
 *
 * <h2>Handing a frame between processes</h2>
 * Both sides hand the memory over through {@code VK_QUEUE_FAMILY_EXTERNAL}, images in
 * {@link #HANDOFF_LAYOUT}: a side records an acquire barrier before it touches the frame and a
 * release barrier after ({@code recordAcquire}/{@code recordRelease} on the subclasses;
 * {@link #upload} and {@link #download} do it themselves). The producer submits its work to the
 * context's queue before it ends the frame; the consumer's GPU work waits on
 * {@link #waitSemaphore()} at {@link #waitValue()} where the producer shares a timeline semaphore,
 * and it releases the frame only when that work is done.
 *
 * <p>Thread-safety: one thread at a time per frame (the producer's or the consumer's).
 * {@link #close()} waits for the context's queue, then destroys the resource and frees the
 * memory (not for {@linkplain VulkanImage#wrap wrapped} ones, which stay the application's).
 */
public abstract sealed class VulkanFrame implements ExportedBuffer, ImportedBuffer permits VulkanImage, VulkanBuffer {
    /** The image layout of a shared image whenever it is handed between processes. */
    public static final int HANDOFF_LAYOUT = VK_IMAGE_LAYOUT_GENERAL;

    final VulkanContext context;
    /** For messages: "buffer 1 (TEXTURE_2D 64x64 ...)". */
    final String name;
    private final Backend producer;
    private final boolean owned;
    private final FrameWait wait;
    private FrameCompletion completion;
    private FrameDescriptor descriptor;
    private long memory = NULL;
    private boolean dedicated;
    private OwnedFd exported;
    /** True while the frame is released to {@code VK_QUEUE_FAMILY_EXTERNAL}. */
    private boolean external;
    private HostTransfer transfer;
    private long waitValue;
    private boolean closed;

    VulkanFrame(VulkanContext context, String name, Backend producer, boolean owned, FrameWait wait, boolean external) {
        this.context = context;
        this.name = name;
        this.producer = producer;
        this.owned = owned;
        this.wait = wait;
        this.external = external;
        context.ledger().adopt(this);
    }

    // ---- construction steps, used by the subclasses' factories; on failure they close() the frame

    /** Allocates exportable memory for the resource, binds it and exports it as {@code handle}. */
    final void allocateAndExport(VulkanMemory.Requirements requirements, HandleType handle) {
        memory = VulkanMemory.allocateExportable(context, requirements, handle, dedicatedImage(), dedicatedBuffer(), name);
        dedicated = requirements.dedicated();
        bind(memory);
        exported = VulkanMemory.export(context, memory, handle);
    }

    /** Imports the producer's memory for the resource and binds it; {@code handle} stays the caller's. */
    final void importAndBind(VulkanMemory.Requirements requirements, HandleType handleType, OwnedFd handle,
                             long allocationSize) {
        memory = VulkanMemory.importMemory(context, requirements, handleType, handle, allocationSize, dedicatedImage(),
                dedicatedBuffer(), name);
        dedicated = requirements.dedicated();
        bind(memory);
    }

    /** Wraps the application's memory ({@code dedicated}: a dedicated allocation) and exports it as {@code handle}. */
    final void exportExisting(long applicationMemory, HandleType handle, boolean dedicated) {
        exported = VulkanMemory.export(context, applicationMemory, handle);
        memory = applicationMemory;
        this.dedicated = dedicated;
    }

    final void describe(FrameDescriptor value) {
        descriptor = value;
    }

    /** Set by the allocator that hands this frame to a server. */
    final void completeWith(FrameCompletion value) {
        completion = value;
    }

    abstract long dedicatedImage();

    abstract long dedicatedBuffer();

    abstract void bind(long memory);

    abstract void destroyResource();

    /** Records a barrier on the whole resource; layouts are ignored for buffers. */
    abstract void recordBarrier(VkCommandBuffer commands, int srcFamily, int dstFamily, int oldLayout, int newLayout,
                                int srcStage, int srcAccess, int dstStage, int dstAccess);

    abstract void recordCopyFromStaging(VkCommandBuffer commands, long staging);

    abstract void recordCopyToStaging(VkCommandBuffer commands, long staging);

    /** Bytes of the frame's contents on the host, tightly packed (what {@link #upload} takes). */
    public abstract long hostSize();

    /** How the memory travels: {@link HandleType#OPAQUE_FD} or {@link HandleType#DMA_BUF_FD}. */
    public abstract HandleType handleType();

    // ---- handing over

    /** Takes the frame over from the other process (or, before its first hand-over, from nothing). */
    final void acquire(VkCommandBuffer commands, int newLayout, int dstStage, int dstAccess) {
        if (external) {
            recordBarrier(commands, VK_QUEUE_FAMILY_EXTERNAL, context.queueFamilyIndex(), HANDOFF_LAYOUT, newLayout,
                    VK_PIPELINE_STAGE_TOP_OF_PIPE_BIT, 0, dstStage, dstAccess);
        } else {
            recordBarrier(commands, VK_QUEUE_FAMILY_IGNORED, VK_QUEUE_FAMILY_IGNORED, VK_IMAGE_LAYOUT_UNDEFINED, newLayout,
                    VK_PIPELINE_STAGE_TOP_OF_PIPE_BIT, 0, dstStage, dstAccess);
        }
        external = false;
    }

    /** Hands the frame to the other process: {@link #HANDOFF_LAYOUT}, {@code VK_QUEUE_FAMILY_EXTERNAL}. */
    final void release(VkCommandBuffer commands, int oldLayout, int srcStage, int srcAccess) {
        recordBarrier(commands, context.queueFamilyIndex(), VK_QUEUE_FAMILY_EXTERNAL, oldLayout, HANDOFF_LAYOUT,
                srcStage, srcAccess, VK_PIPELINE_STAGE_BOTTOM_OF_PIPE_BIT, 0);
        external = true;
    }

    // ---- moving pixels

    /**
     * Copies {@code contents} ({@link #hostSize()} bytes, tightly packed: rows of
     * width × bytes per pixel, layer after layer) into the frame on the GPU. Returns once the
     * copy is submitted to the context's queue, so the producer can end the frame at once; the
     * next upload into this frame waits for this one.
     */
    public void upload(MemorySegment contents) {
        requireHostSize(contents);
        HostTransfer t = transfer();
        VkCommandBuffer commands = t.begin();
        MemorySegment.copy(contents, 0, t.staging(), 0, hostSize());
        acquire(commands, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_WRITE_BIT);
        recordCopyFromStaging(commands, t.buffer());
        release(commands, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_WRITE_BIT);
        t.submit(NULL, 0, false);
    }

    /**
     * Copies the frame into {@code destination} ({@link #hostSize()} bytes, laid out as for
     * {@link #upload}) and returns when it is there. On an acquired frame whose producer shares a
     * timeline semaphore, the copy waits on the GPU for the frame's value first.
     */
    public void download(MemorySegment destination) {
        requireHostSize(destination);
        HostTransfer t = transfer();
        VkCommandBuffer commands = t.begin();
        acquire(commands, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_ACCESS_TRANSFER_READ_BIT);
        recordCopyToStaging(commands, t.buffer());
        release(commands, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, VK_PIPELINE_STAGE_TRANSFER_BIT, 0);
        try (MemoryStack stack = stackPush()) {
            vkCmdPipelineBarrier(commands, VK_PIPELINE_STAGE_TRANSFER_BIT, VK_PIPELINE_STAGE_HOST_BIT, 0,
                    VkMemoryBarrier.calloc(1, stack).sType$Default()
                            .srcAccessMask(VK_ACCESS_TRANSFER_WRITE_BIT).dstAccessMask(VK_ACCESS_HOST_READ_BIT), null, null);
        }
        long semaphore = waitValue > 0 ? waitSemaphore() : NULL;
        t.submit(semaphore, waitValue, true);
        MemorySegment.copy(t.staging(), 0, destination, 0, hostSize());
    }

    /**
     * Frees what {@link #upload} and {@link #download} keep between calls: a host-visible staging
     * buffer of {@link #hostSize()} bytes and a command buffer; the next call makes them again. For
     * a frame that goes through the host once, e.g. the download that hands it over before another
     * API (CUDA) writes it. Not while an upload is in flight: call it after a download.
     */
    public void freeHostTransfer() {
        if (transfer != null) {
            transfer.close();
            transfer = null;
        }
    }

    private void requireHostSize(MemorySegment contents) {
        if (closed) {
            throw new IllegalStateException(name + " is closed");
        }
        if (contents.byteSize() != hostSize()) {
            throw new IllegalArgumentException(name + " holds " + hostSize() + " bytes on the host, tightly packed; got a segment of "
                    + contents.byteSize());
        }
    }

    private HostTransfer transfer() {
        if (transfer == null) {
            transfer = new HostTransfer(context, hostSize(), name);
        }
        return transfer;
    }

    // ---- ExportedBuffer / ImportedBuffer

    /** @throws IllegalStateException on a consumer's frame, which exports nothing */
    @Override
    public int exportDescriptor() {
        if (exported == null) {
            throw new IllegalStateException(name + " was imported; only a producer's frames export a descriptor");
        }
        return exported.fd();
    }

    @Override
    public FrameDescriptor descriptor() {
        return descriptor;
    }

    /** Always {@code NULL}: GPU memory is not mapped; use {@link #upload}/{@link #download}. */
    @Override
    public MemorySegment cpuMemory() {
        return MemorySegment.NULL;
    }

    /**
     * Makes the written frame safe to publish, as the allocator's {@link VulkanFrameAllocator#syncMode()} says.
     *
     * @return the timeline value consumers wait for, or 0 where the producer waited on a fence
     */
    @Override
    public long endWrite() {
        if (completion == null) {
            throw new IllegalStateException(name + " belongs to no allocator; only a producer's frames are written");
        }
        return completion.frameWritten();
    }

    @Override
    public void beginRead(long syncValue) {
        waitValue = syncValue;
        if (wait != null) {
            wait.beginRead(syncValue);
        }
    }

    @Override
    public void endRead() {
        waitValue = 0;
    }

    // ---- for the application

    public VulkanContext context() {
        return context;
    }

    /** The {@code VkDeviceMemory} holding the frame. */
    public long memory() {
        return memory;
    }

    /**
     * Whether {@link #memory()} is a dedicated allocation ({@code VkMemoryDedicatedAllocateInfo}),
     * by the rule both sides of a share apply (see {@code VulkanMemory}); what another API that
     * imports the memory must repeat, e.g. GL's {@code GL_DEDICATED_MEMORY_OBJECT_EXT}.
     */
    public boolean dedicatedAllocation() {
        return dedicated;
    }

    /**
     * The producer's timeline semaphore, which GPU work reading this acquired frame must wait on
     * at {@link #waitValue()}; {@code VK_NULL_HANDLE} where there is nothing to wait for on the GPU
     * (the producer waited on a fence, or the importer already waited on the CPU).
     */
    public long waitSemaphore() {
        return wait == null ? NULL : wait.gpuWaitSemaphore();
    }

    /** The timeline value of the acquired frame (from the notification); 0 outside an acquire or without a timeline. */
    public long waitValue() {
        return waitValue;
    }

    /** The graphics API that made the frame (the handshake's backend). */
    public Backend producerBackend() {
        return producer;
    }

    /** True when a Vulkan consumer must flip this frame's rows: it came from an EGL producer ({@link Backend#mustFlipY}). */
    public boolean mustFlipY() {
        return Backend.mustFlipY(producer, Backend.VULKAN);
    }

    /**
     * Waits for the context's queue, then destroys what texlink made for this frame: the staging
     * copy, the exported descriptor, and (unless wrapped) the resource and its memory. Idempotent.
     */
    @Override
    public final void close() {
        if (closed) {
            return;
        }
        closed = true;
        context.ledger().disown(this);
        try {
            context.awaitIdle();
        } finally {
            if (transfer != null) {
                transfer.close();
            }
            if (exported != null) {
                exported.close();
            }
            if (owned) {
                destroyResource();
                memory = VulkanMemory.free(context, memory);
            }
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + name + (closed ? ", closed" : "") + "]";
    }
}
