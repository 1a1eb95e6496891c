package io.texlink.vulkan;

import io.texlink.Backend;
import io.texlink.FrameDescriptor;
import io.texlink.FrameMeta;
import io.texlink.HandleType;
import io.texlink.TexlinkProtocolException;
import io.texlink.TexlinkUnsupportedException;
import io.texlink.backend.HostLayout;
import io.texlink.posix.OwnedFd;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.vulkan.VK10;
import org.lwjgl.vulkan.VkBufferImageCopy;
import org.lwjgl.vulkan.VkCommandBuffer;
import org.lwjgl.vulkan.VkImageCreateInfo;
import org.lwjgl.vulkan.VkImageDrmFormatModifierPropertiesEXT;
import org.lwjgl.vulkan.VkImageMemoryBarrier;
import org.lwjgl.vulkan.VkImageSubresource;
import org.lwjgl.vulkan.VkSubresourceLayout;

import static io.texlink.vulkan.VulkanResult.check;
import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.system.MemoryUtil.NULL;
import static org.lwjgl.vulkan.EXTImageDrmFormatModifier.VK_IMAGE_ASPECT_MEMORY_PLANE_0_BIT_EXT;
import static org.lwjgl.vulkan.EXTImageDrmFormatModifier.VK_IMAGE_TILING_DRM_FORMAT_MODIFIER_EXT;
import static org.lwjgl.vulkan.EXTImageDrmFormatModifier.vkGetImageDrmFormatModifierPropertiesEXT;
import static org.lwjgl.vulkan.VK10.*;

/**
 * A shared {@code VkImage} (2D, 3D or cube) and its memory: exported by a
 * {@link VulkanFrameAllocator}, imported by a {@link VulkanFrameImporter}, or the application's
 * own image {@linkplain #wrap wrapped} for sharing. See {@link VulkanFrame} for the hand-over
 * rules; {@link #recordAcquire}/{@link #recordRelease} record them in the application's commands.
 */
public final class VulkanImage extends VulkanFrame {
    private static final String TYPE = "VkImage";
    /** {@code DRM_FORMAT_MOD_INVALID} (drm_fourcc.h): written for optimal OPAQUE_FD images, whose layout no modifier names. */
    public static final long DRM_FORMAT_MOD_INVALID = 0x00ff_ffff_ffff_ffffL;

    private final VulkanImageSpec spec;
    private long image = NULL;

    private VulkanImage(VulkanContext context, String name, Backend producer, boolean owned, FrameWait wait,
                        boolean external, VulkanImageSpec spec) {
        super(context, name, producer, owned, wait, external);
        this.spec = spec;
    }

    /** Creates an image as {@code spec} says, with memory exported as the spec's handle type. */
    static VulkanImage export(VulkanContext context, VulkanImageSpec spec, String name) {
        VulkanImage frame = new VulkanImage(context, name + " (" + spec + ")", Backend.VULKAN, true, null, false, spec);
        try {
            frame.image = create(context, spec);
            VulkanMemory.Requirements requirements = VulkanMemory.ofImage(context, frame.image, spec.dedicatedOnly());
            frame.allocateAndExport(requirements, spec.handle());
            frame.describe(frame.layout(requirements.size()));
            return frame;
        } catch (RuntimeException e) {
            frame.close();
            throw e;
        }
    }

    /**
     * Creates an image like the producer's and binds the received memory to it, after checking
     * that this device lays it out as the descriptor says. {@code handle} stays the caller's.
     *
     * @throws TexlinkProtocolException when the memory is too small for the shape or rows are
     *                                  laid out differently
     */
    static VulkanImage importFrom(VulkanContext context, String name, FrameMeta meta, OwnedFd handle, FrameWait wait) {
        FrameDescriptor sent = meta.descriptor();
        VulkanImageSpec spec = VulkanImageSpec.forImport(context, sent, meta.handleType());
        VulkanImage frame = new VulkanImage(context, name + " (" + spec + ")", meta.backend(), true, wait, true, spec);
        try {
            frame.image = create(context, spec);
            VulkanMemory.Requirements requirements = VulkanMemory.ofImage(context, frame.image, spec.dedicatedOnly());
            if (requirements.size() > sent.size()) {
                throw new TexlinkProtocolException(frame.name + ": such an image needs " + requirements.size()
                        + " bytes on this device, but the producer's memory holds " + sent.size()
                        + "; the metadata's format or size does not match the memory");
            }
            int stride = frame.layout(sent.size()).stride();
            if (stride != sent.stride()) {
                throw new TexlinkProtocolException(frame.name + ": this device lays rows out " + stride
                        + " bytes apart, the producer's metadata says " + sent.stride());
            }
            frame.importAndBind(requirements, meta.handleType(), handle, sent.size());
            frame.describe(sent);
            return frame;
        } catch (RuntimeException e) {
            frame.close();
            throw e;
        }
    }

    /**
     * Shares an image the application made. The image must have been created with
     * {@link VulkanImageSpec#fill} from {@code spec} and bound at offset 0 to {@code memory},
     * allocated with {@code VkExportMemoryAllocateInfo} for the spec's handle type, and with
     * the size, memory type and dedication consumers will repeat: size = the image's
     * {@code VkMemoryRequirements.size}, type = the first device-local type it allows, dedicated
     * where the driver requires or prefers it. The image and memory stay the application's:
     * close the frame (or the server) before destroying them.
     *
     * @throws TexlinkUnsupportedException when the allocation breaks one of those rules
     */
    public static VulkanImage wrap(VulkanContext context, VulkanImageSpec spec, long image, long memory,
                                   long allocationSize, int memoryTypeIndex, boolean dedicated) {
        VulkanImage frame = new VulkanImage(context, "application image (" + spec + ")", Backend.VULKAN, false, null,
                false, spec);
        try {
            frame.image = image;
            VulkanMemory.Requirements requirements = VulkanMemory.ofImage(context, image, spec.dedicatedOnly());
            requireSharedAllocation(context, frame.name, requirements, allocationSize, memoryTypeIndex, dedicated);
            frame.exportExisting(memory, spec.handle(), dedicated);
            frame.describe(frame.layout(allocationSize));
            return frame;
        } catch (RuntimeException e) {
            frame.close();
            throw e;
        }
    }

    /** Checks an application's allocation against the rules importers follow (see {@link VulkanMemory}). */
    static void requireSharedAllocation(VulkanContext context, String name, VulkanMemory.Requirements requirements,
                                        long allocationSize, int memoryTypeIndex, boolean dedicated) {
        int expectedType = VulkanMemory.sharedMemoryType(context, requirements.typeBits(), name);
        if (allocationSize != requirements.size() || memoryTypeIndex != expectedType || dedicated != requirements.dedicated()) {
            throw new TexlinkUnsupportedException(name + ": consumers import shared memory as " + requirements.size()
                    + " bytes of memory type " + expectedType + (requirements.dedicated() ? ", dedicated" : ", not dedicated")
                    + ", but the application allocated " + allocationSize + " bytes of type " + memoryTypeIndex
                    + (dedicated ? ", dedicated" : ", not dedicated") + "; allocate it that way to share it");
        }
    }

    private static long create(VulkanContext context, VulkanImageSpec spec) {
        try (MemoryStack stack = stackPush()) {
            VkImageCreateInfo info = spec.fill(stack, VkImageCreateInfo.calloc(stack));
            return context.create(TYPE, "vkCreateImage (" + spec + ")", h -> vkCreateImage(context.device(), info, null, h));
        }
    }

    /** The descriptor of this image: its stride and modifier as this device laid it out, and {@code size}. */
    private FrameDescriptor layout(long size) {
        int stride = 0;
        long modifier = spec.vkTiling() == VK_IMAGE_TILING_OPTIMAL ? DRM_FORMAT_MOD_INVALID : FrameDescriptor.MODIFIER_LINEAR;
        try (MemoryStack stack = stackPush()) {
            VkSubresourceLayout rows = null;
            if (spec.vkTiling() == VK_IMAGE_TILING_LINEAR) {
                rows = subresource(stack, VK_IMAGE_ASPECT_COLOR_BIT);
                long slice = rows.rowPitch() * spec.height();
                if (spec.arrayLayers() > 1 && rows.arrayPitch() != slice || spec.depth() > 1 && rows.depthPitch() != slice) {
                    throw new TexlinkUnsupportedException(name + ": the driver pads the layers of linear images ("
                            + rows.arrayPitch() + "/" + rows.depthPitch() + " bytes apart, rows " + rows.rowPitch()
                            + "), which a descriptor cannot say; share it with optimal tiling");
                }
            } else if (spec.vkTiling() == VK_IMAGE_TILING_DRM_FORMAT_MODIFIER_EXT) {
                VkImageDrmFormatModifierPropertiesEXT properties = VkImageDrmFormatModifierPropertiesEXT.calloc(stack).sType$Default();
                check(vkGetImageDrmFormatModifierPropertiesEXT(context.device(), image, properties),
                        "vkGetImageDrmFormatModifierPropertiesEXT");
                modifier = properties.drmFormatModifier();
                rows = subresource(stack, VK_IMAGE_ASPECT_MEMORY_PLANE_0_BIT_EXT);
            }
            if (rows != null) {
                if (rows.offset() != 0 || rows.rowPitch() > Integer.MAX_VALUE) {
                    throw new TexlinkUnsupportedException(name + ": the driver places the texels at offset " + rows.offset()
                            + " with rows " + rows.rowPitch() + " bytes apart, which a descriptor cannot say");
                }
                stride = (int) rows.rowPitch();
            }
        }
        return new FrameDescriptor(spec.type(), spec.width(), spec.height(), spec.depth(), stride, spec.format(),
                modifier, size);
    }

    private VkSubresourceLayout subresource(MemoryStack stack, int aspect) {
        VkSubresourceLayout rows = VkSubresourceLayout.calloc(stack);
        vkGetImageSubresourceLayout(context.device(), image, VkImageSubresource.calloc(stack).set(aspect, 0, 0), rows);
        return rows;
    }

    /** The {@code VkImage}. */
    public long image() {
        return image;
    }

    /** How the image was created: format, tiling, usage, layers. */
    public VulkanImageSpec spec() {
        return spec;
    }

    /**
     * The shape of {@link #upload}'s and {@link #download}'s host copy: the image's size and
     * format, tightly packed, e.g. for a {@link io.texlink.pattern.TestPattern}.
     */
    public FrameDescriptor hostDescriptor() {
        return HostLayout.of(spec.type(), spec.width(), spec.height(), spec.depth(), spec.format());
    }

    @Override
    public HandleType handleType() {
        return spec.handle();
    }

    @Override
    public long hostSize() {
        return (long) spec.width() * spec.height() * spec.depth() * spec.arrayLayers() * spec.texelBytes();
    }

    /**
     * Records the acquire barrier before the application's commands use the image: from the
     * other process ({@code VK_QUEUE_FAMILY_EXTERNAL}, {@link #HANDOFF_LAYOUT}) to this queue
     * family in {@code newLayout}; before the first hand-over, from {@code UNDEFINED}.
     */
    public void recordAcquire(VkCommandBuffer commands, int newLayout, int dstStageMask, int dstAccessMask) {
        acquire(commands, newLayout, dstStageMask, dstAccessMask);
    }

    /** Records the release barrier after the application's commands: {@code oldLayout} to {@link #HANDOFF_LAYOUT}, to {@code VK_QUEUE_FAMILY_EXTERNAL}. */
    public void recordRelease(VkCommandBuffer commands, int oldLayout, int srcStageMask, int srcAccessMask) {
        release(commands, oldLayout, srcStageMask, srcAccessMask);
    }

    @Override
    long dedicatedImage() {
        return image;
    }

    @Override
    long dedicatedBuffer() {
        return NULL;
    }

    @Override
    void bind(long memory) {
        check(vkBindImageMemory(context.device(), image, memory, 0), "vkBindImageMemory");
    }

    @Override
    void destroyResource() {
        image = context.destroy(image, TYPE, VK10::vkDestroyImage);
    }

    @Override
    void recordBarrier(VkCommandBuffer commands, int srcFamily, int dstFamily, int oldLayout, int newLayout,
                       int srcStage, int srcAccess, int dstStage, int dstAccess) {
        try (MemoryStack stack = stackPush()) {
            VkImageMemoryBarrier.Buffer barrier = VkImageMemoryBarrier.calloc(1, stack).sType$Default()
                    .srcAccessMask(srcAccess).dstAccessMask(dstAccess).oldLayout(oldLayout).newLayout(newLayout)
                    .srcQueueFamilyIndex(srcFamily).dstQueueFamilyIndex(dstFamily).image(image);
            barrier.subresourceRange().set(VK_IMAGE_ASPECT_COLOR_BIT, 0, 1, 0, spec.arrayLayers());
            vkCmdPipelineBarrier(commands, srcStage, dstStage, 0, null, null, barrier);
        }
    }

    @Override
    void recordCopyFromStaging(VkCommandBuffer commands, long staging) {
        try (MemoryStack stack = stackPush()) {
            vkCmdCopyBufferToImage(commands, staging, image, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, wholeImage(stack));
        }
    }

    @Override
    void recordCopyToStaging(VkCommandBuffer commands, long staging) {
        try (MemoryStack stack = stackPush()) {
            vkCmdCopyImageToBuffer(commands, image, VK_IMAGE_LAYOUT_TRANSFER_SRC_OPTIMAL, staging, wholeImage(stack));
        }
    }

    /** Every layer and slice of mip level 0, tightly packed in the buffer. */
    private VkBufferImageCopy.Buffer wholeImage(MemoryStack stack) {
        VkBufferImageCopy.Buffer region = VkBufferImageCopy.calloc(1, stack);
        region.imageSubresource().set(VK_IMAGE_ASPECT_COLOR_BIT, 0, 0, spec.arrayLayers());
        region.imageExtent().set(spec.width(), spec.height(), spec.depth());
        return region;
    }
}
