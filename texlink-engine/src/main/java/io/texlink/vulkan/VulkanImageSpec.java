package io.texlink.vulkan;

import io.texlink.FrameDescriptor;
import io.texlink.FrameType;
import io.texlink.HandleType;
import io.texlink.PixelFormat;
import io.texlink.TexlinkProtocolException;
import io.texlink.TexlinkUnsupportedException;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.vulkan.VkDrmFormatModifierPropertiesEXT;
import org.lwjgl.vulkan.VkDrmFormatModifierPropertiesListEXT;
import org.lwjgl.vulkan.VkExternalImageFormatProperties;
import org.lwjgl.vulkan.VkExternalMemoryImageCreateInfo;
import org.lwjgl.vulkan.VkFormatProperties;
import org.lwjgl.vulkan.VkFormatProperties2;
import org.lwjgl.vulkan.VkImageCreateInfo;
import org.lwjgl.vulkan.VkImageDrmFormatModifierExplicitCreateInfoEXT;
import org.lwjgl.vulkan.VkImageDrmFormatModifierListCreateInfoEXT;
import org.lwjgl.vulkan.VkImageFormatProperties2;
import org.lwjgl.vulkan.VkPhysicalDeviceExternalImageFormatInfo;
import org.lwjgl.vulkan.VkPhysicalDeviceImageDrmFormatModifierInfoEXT;
import org.lwjgl.vulkan.VkPhysicalDeviceImageFormatInfo2;
import org.lwjgl.vulkan.VkSubresourceLayout;

import java.util.Arrays;

import static io.texlink.vulkan.VulkanResult.check;
import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.system.MemoryUtil.memPutAddress;
import static org.lwjgl.vulkan.EXTExternalMemoryDmaBuf.VK_EXTERNAL_MEMORY_HANDLE_TYPE_DMA_BUF_BIT_EXT;
import static org.lwjgl.vulkan.EXTImageDrmFormatModifier.VK_IMAGE_TILING_DRM_FORMAT_MODIFIER_EXT;
import static org.lwjgl.vulkan.VK10.*;
import static org.lwjgl.vulkan.VK11.*;

/**
 * The creation parameters of a shared {@code VkImage}. Producer and consumer must create their
 * images alike for OPAQUE_FD memory to mean the same texels on both sides, so both derive them
 * here, from the frame descriptor and the device, by the same rules:
 * <ul>
 *   <li>type: 2D, 3D, or 2D with six layers and {@code CUBE_COMPATIBLE} for a cube;</li>
 *   <li>format: as {@code wire-v3.md} maps fourccs (plus RGBA16F → {@code R16G16B16A16_SFLOAT});</li>
 *   <li>tiling: optimal where the descriptor's stride is 0, linear where it has one, DRM format
 *       modifier for DMA-BUF;</li>
 *   <li>usage: transfer source and destination always, plus sampled, storage and color attachment
 *       where the format supports them with that tiling and external handle.</li>
 * </ul>
 * An application that wants to share an image it made itself creates it with
 * {@link #fill(MemoryStack, VkImageCreateInfo)} and wraps it with {@link VulkanImage#wrap}.
 */
public final class VulkanImageSpec {
    private static final int REQUIRED_USAGE = VK_IMAGE_USAGE_TRANSFER_SRC_BIT | VK_IMAGE_USAGE_TRANSFER_DST_BIT;
    private static final int REQUIRED_FEATURES = VK_FORMAT_FEATURE_TRANSFER_SRC_BIT | VK_FORMAT_FEATURE_TRANSFER_DST_BIT;

    private final FrameType type;
    private final int width;
    private final int height;
    private final int depth;
    private final PixelFormat format;
    private final ImageTiling tiling;
    private final HandleType handle;
    private final int usage;
    private final boolean dedicatedOnly;
    /** DMA-BUF only: the modifiers the producer allows, or the one the consumer was told. */
    private final long[] modifiers;
    /** DMA-BUF import only: the producer's row pitch; 0 otherwise. */
    private final int rowPitch;

    private VulkanImageSpec(FrameType type, int width, int height, int depth, PixelFormat format, ImageTiling tiling,
                            HandleType handle, int usage, boolean dedicatedOnly, long[] modifiers, int rowPitch) {
        this.type = type;
        this.width = width;
        this.height = height;
        this.depth = depth;
        this.format = format;
        this.tiling = tiling;
        this.handle = handle;
        this.usage = usage;
        this.dedicatedOnly = dedicatedOnly;
        this.modifiers = modifiers;
        this.rowPitch = rowPitch;
    }

    /**
     * Parameters for an image this device exports as {@code handle} ({@link HandleType#OPAQUE_FD}
     * or {@link HandleType#DMA_BUF_FD}); the descriptor's stride and size are ignored (the driver
     * decides them).
     *
     * @throws TexlinkUnsupportedException when the device cannot export such an image
     */
    public static VulkanImageSpec forExport(VulkanContext context, FrameDescriptor shape, ImageTiling tiling,
                                            HandleType handle) {
        return derive(context, shape, tiling, handle, true, null, 0);
    }

    /**
     * Parameters for importing a producer's image described by {@code shape} (the handshake's
     * descriptor): tiling follows from its stride (OPAQUE_FD) or modifier (DMA-BUF).
     *
     * @throws TexlinkUnsupportedException when this device cannot import such an image
     */
    static VulkanImageSpec forImport(VulkanContext context, FrameDescriptor shape, HandleType handle) {
        ImageTiling tiling = shape.stride() == 0 ? ImageTiling.OPTIMAL : ImageTiling.LINEAR;
        if (handle == HandleType.DMA_BUF_FD) {
            if (shape.stride() == 0) {
                throw new TexlinkProtocolException("a DMA-BUF image needs a stride (the row pitch of its plane); the producer sent 0");
            }
            return derive(context, shape, shape.modifier() == FrameDescriptor.MODIFIER_LINEAR ? ImageTiling.LINEAR
                    : ImageTiling.OPTIMAL, handle, false, new long[] {shape.modifier()}, shape.stride());
        }
        return derive(context, shape, tiling, handle, false, null, 0);
    }

    private static VulkanImageSpec derive(VulkanContext context, FrameDescriptor shape, ImageTiling tiling,
                                          HandleType handle, boolean export, long[] explicitModifier, int rowPitch) {
        if (!shape.type().isTexture()) {
            throw new IllegalArgumentException(shape.type() + " is not an image; use a VulkanBuffer");
        }
        int vkFormat = VulkanFormats.vkFormat(shape.format());
        int depth = shape.type() == FrameType.TEXTURE_3D ? shape.depth() : 1;
        String what = shape.type() + " " + shape.width() + "x" + shape.height()
                + (depth > 1 ? "x" + depth : "") + " " + shape.format() + " (" + tiling + ", " + handle + ")";
        int needed = VulkanMemory.neededFeatures(handle, export);
        try (MemoryStack stack = stackPush()) {
            long[] modifiers = null;
            int features;
            if (handle == HandleType.DMA_BUF_FD) {
                if (shape.type() != FrameType.TEXTURE_2D) {
                    throw new TexlinkUnsupportedException(what + ": DRM format modifiers describe 2D images only; "
                            + "share 3D and cube textures as OPAQUE_FD");
                }
                if (!context.capabilities().drmFormatModifiers()) {
                    throw new TexlinkUnsupportedException(what + ": the device lacks VK_EXT_image_drm_format_modifier");
                }
                VkDrmFormatModifierPropertiesEXT.Buffer list = drmModifiers(context, stack, vkFormat);
                modifiers = new long[list.capacity()];
                int n = 0;
                features = -1;
                for (VkDrmFormatModifierPropertiesEXT m : list) {
                    boolean wanted = explicitModifier != null ? m.drmFormatModifier() == explicitModifier[0]
                            : tiling == ImageTiling.OPTIMAL || m.drmFormatModifier() == FrameDescriptor.MODIFIER_LINEAR;
                    if (wanted && m.drmFormatModifierPlaneCount() == 1
                            && (m.drmFormatModifierTilingFeatures() & REQUIRED_FEATURES) == REQUIRED_FEATURES) {
                        modifiers[n++] = m.drmFormatModifier();
                        features &= m.drmFormatModifierTilingFeatures();
                    }
                }
                modifiers = Arrays.copyOf(modifiers, n);
                if (n == 0) {
                    throw new TexlinkUnsupportedException(what + ": the device offers no single-plane DRM format modifier"
                            + (explicitModifier != null ? " 0x" + Long.toHexString(explicitModifier[0]) : "")
                            + " with transfers for this format");
                }
            } else {
                VkFormatProperties properties = VkFormatProperties.calloc(stack);
                vkGetPhysicalDeviceFormatProperties(context.physicalDevice(), vkFormat, properties);
                features = tiling == ImageTiling.LINEAR ? properties.linearTilingFeatures() : properties.optimalTilingFeatures();
                if ((features & REQUIRED_FEATURES) != REQUIRED_FEATURES) {
                    throw new TexlinkUnsupportedException(what + ": the device cannot copy to and from such images");
                }
            }
            int optional = ((features & VK_FORMAT_FEATURE_SAMPLED_IMAGE_BIT) != 0 ? VK_IMAGE_USAGE_SAMPLED_BIT : 0)
                    | ((features & VK_FORMAT_FEATURE_STORAGE_IMAGE_BIT) != 0 ? VK_IMAGE_USAGE_STORAGE_BIT : 0)
                    | ((features & VK_FORMAT_FEATURE_COLOR_ATTACHMENT_BIT) != 0 ? VK_IMAGE_USAGE_COLOR_ATTACHMENT_BIT : 0);
            // Every optional usage the format allows, else the transfers only: the same answer on both sides.
            for (int usage : new int[] {REQUIRED_USAGE | optional, REQUIRED_USAGE}) {
                VulkanImageSpec candidate = new VulkanImageSpec(shape.type(), shape.width(), shape.height(), depth,
                        shape.format(), tiling, handle, usage, false, modifiers, rowPitch);
                Support support = candidate.support(context, stack, needed, what);
                if (support != null) {
                    return new VulkanImageSpec(shape.type(), shape.width(), shape.height(), depth, shape.format(), tiling,
                            handle, usage, support.dedicatedOnly(), support.modifiers(), rowPitch);
                }
            }
            throw new TexlinkUnsupportedException(what + ": the device cannot " + (export ? "export" : "import")
                    + " such an image");
        }
    }

    /** What the device answered for a candidate: dedicated-only or not, and (DMA-BUF) the modifiers that work. */
    private record Support(boolean dedicatedOnly, long[] modifiers) {
    }

    /**
     * Asks the device whether images like this one can be exported or imported and fit its
     * limits; for DMA-BUF, for each modifier. Null when none can.
     */
    private Support support(VulkanContext context, MemoryStack stack, int neededFeatures, String what) {
        if (modifiers == null) {
            Boolean dedicatedOnly = externalSupport(context, stack, neededFeatures, what, 0);
            return dedicatedOnly == null ? null : new Support(dedicatedOnly, null);
        }
        long[] usable = new long[modifiers.length];
        int n = 0;
        boolean dedicatedOnly = false;
        for (long modifier : modifiers) {
            Boolean d = externalSupport(context, stack, neededFeatures, what, modifier);
            if (d != null) {
                usable[n++] = modifier;
                dedicatedOnly |= d;
            }
        }
        return n == 0 ? null : new Support(dedicatedOnly, Arrays.copyOf(usable, n));
    }

    private Boolean externalSupport(VulkanContext context, MemoryStack stack, int neededFeatures, String what,
                                    long modifier) {
        VkPhysicalDeviceImageFormatInfo2 info = VkPhysicalDeviceImageFormatInfo2.calloc(stack).sType$Default()
                .pNext(VkPhysicalDeviceExternalImageFormatInfo.calloc(stack).sType$Default()
                        .handleType(memoryHandleBit(handle)))
                .format(vkFormat()).type(imageType()).tiling(vkTiling()).usage(usage).flags(flags());
        if (modifiers != null) {
            info.pNext(VkPhysicalDeviceImageDrmFormatModifierInfoEXT.calloc(stack).sType$Default()
                    .drmFormatModifier(modifier).sharingMode(VK_SHARING_MODE_EXCLUSIVE));
        }
        VkExternalImageFormatProperties external = VkExternalImageFormatProperties.calloc(stack).sType$Default();
        VkImageFormatProperties2 properties = VkImageFormatProperties2.calloc(stack).sType$Default().pNext(external);
        int result = vkGetPhysicalDeviceImageFormatProperties2(context.physicalDevice(), info, properties);
        if (result == VK_ERROR_FORMAT_NOT_SUPPORTED) {
            return null;
        }
        check(result, "vkGetPhysicalDeviceImageFormatProperties2");
        var limits = properties.imageFormatProperties();
        if (width > limits.maxExtent().width() || height > limits.maxExtent().height() || depth > limits.maxExtent().depth()
                || arrayLayers() > limits.maxArrayLayers()) {
            throw new TexlinkUnsupportedException(what + " exceeds the device's limits for it: "
                    + limits.maxExtent().width() + "x" + limits.maxExtent().height() + "x" + limits.maxExtent().depth()
                    + ", " + limits.maxArrayLayers() + " layers");
        }
        int features = external.externalMemoryProperties().externalMemoryFeatures();
        if ((features & neededFeatures) != neededFeatures) {
            return null;
        }
        return (features & VK_EXTERNAL_MEMORY_FEATURE_DEDICATED_ONLY_BIT) != 0;
    }

    private static VkDrmFormatModifierPropertiesEXT.Buffer drmModifiers(VulkanContext context, MemoryStack stack, int vkFormat) {
        VkDrmFormatModifierPropertiesListEXT list = VkDrmFormatModifierPropertiesListEXT.calloc(stack).sType$Default();
        VkFormatProperties2 properties = VkFormatProperties2.calloc(stack).sType$Default().pNext(list);
        vkGetPhysicalDeviceFormatProperties2(context.physicalDevice(), vkFormat, properties);
        int count = list.drmFormatModifierCount();
        // LWJGL treats the list as returned-only (no setter, no calloc for its elements), but the
        // caller supplies the array: raw stack memory, its address poked into the struct.
        long array = stack.ncalloc(VkDrmFormatModifierPropertiesEXT.ALIGNOF, Math.max(1, count),
                VkDrmFormatModifierPropertiesEXT.SIZEOF);
        memPutAddress(list.address() + VkDrmFormatModifierPropertiesListEXT.PDRMFORMATMODIFIERPROPERTIES, array);
        vkGetPhysicalDeviceFormatProperties2(context.physicalDevice(), vkFormat, properties);
        return list.pDrmFormatModifierProperties();
    }

    /** The {@code VkExternalMemoryHandleTypeFlagBits} value of a wire handle type. */
    static int memoryHandleBit(HandleType handle) {
        return switch (handle) {
            case OPAQUE_FD -> VK_EXTERNAL_MEMORY_HANDLE_TYPE_OPAQUE_FD_BIT;
            case DMA_BUF_FD -> VK_EXTERNAL_MEMORY_HANDLE_TYPE_DMA_BUF_BIT_EXT;
            default -> throw new TexlinkUnsupportedException("Vulkan memory does not travel as " + handle
                    + "; texlink's Vulkan backend uses OPAQUE_FD and DMA_BUF_FD");
        };
    }

    /**
     * Writes these parameters into {@code info} (sType, flags, type, format, extent, one mip level,
     * layers, one sample, tiling, usage, exclusive sharing, undefined initial layout) and chains
     * the external-memory and, for DMA-BUF, DRM-modifier structs allocated on {@code stack}.
     */
    public VkImageCreateInfo fill(MemoryStack stack, VkImageCreateInfo info) {
        info.sType$Default().flags(flags()).imageType(imageType()).format(vkFormat())
                .mipLevels(1).arrayLayers(arrayLayers()).samples(VK_SAMPLE_COUNT_1_BIT)
                .tiling(vkTiling()).usage(usage).sharingMode(VK_SHARING_MODE_EXCLUSIVE)
                .initialLayout(VK_IMAGE_LAYOUT_UNDEFINED)
                .pNext(VkExternalMemoryImageCreateInfo.calloc(stack).sType$Default().handleTypes(memoryHandleBit(handle)));
        info.extent().set(width, height, depth);
        if (modifiers != null && rowPitch > 0) {
            info.pNext(VkImageDrmFormatModifierExplicitCreateInfoEXT.calloc(stack).sType$Default()
                    .drmFormatModifier(modifiers[0])
                    .pPlaneLayouts(VkSubresourceLayout.calloc(1, stack).rowPitch(rowPitch)));
        } else if (modifiers != null) {
            info.pNext(VkImageDrmFormatModifierListCreateInfoEXT.calloc(stack).sType$Default()
                    .pDrmFormatModifiers(stack.longs(modifiers)));
        }
        return info;
    }

    public FrameType type() {
        return type;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Slices of a 3D image; 1 otherwise. */
    public int depth() {
        return depth;
    }

    public PixelFormat format() {
        return format;
    }

    public ImageTiling tiling() {
        return tiling;
    }

    public HandleType handle() {
        return handle;
    }

    /** {@code VkImageUsageFlags}. */
    public int usage() {
        return usage;
    }

    /** True when the driver only shares such images in a dedicated allocation. */
    public boolean dedicatedOnly() {
        return dedicatedOnly;
    }

    public int vkFormat() {
        return VulkanFormats.vkFormat(format);
    }

    /** {@code VK_IMAGE_TYPE_3D} for 3D textures, else {@code VK_IMAGE_TYPE_2D}. */
    public int imageType() {
        return type == FrameType.TEXTURE_3D ? VK_IMAGE_TYPE_3D : VK_IMAGE_TYPE_2D;
    }

    /** 6 for a cube, else 1. */
    public int arrayLayers() {
        return type == FrameType.TEXTURE_CUBE ? 6 : 1;
    }

    /** {@code VK_IMAGE_CREATE_CUBE_COMPATIBLE_BIT} for a cube, else 0. */
    public int flags() {
        return type == FrameType.TEXTURE_CUBE ? VK_IMAGE_CREATE_CUBE_COMPATIBLE_BIT : 0;
    }

    /** The {@code VkImageTiling}: DRM format modifier for DMA-BUF, else optimal or linear. */
    public int vkTiling() {
        if (modifiers != null) {
            return VK_IMAGE_TILING_DRM_FORMAT_MODIFIER_EXT;
        }
        return tiling == ImageTiling.LINEAR ? VK_IMAGE_TILING_LINEAR : VK_IMAGE_TILING_OPTIMAL;
    }

    /** Bytes of one texel. */
    int texelBytes() {
        return format.bytesPerPixel();
    }

    @Override
    public String toString() {
        return type + " " + width + "x" + height + (depth > 1 ? "x" + depth : "") + " " + format + " " + tiling
                + " " + handle + " usage 0x" + Integer.toHexString(usage) + (dedicatedOnly ? " dedicated-only" : "")
                + (modifiers != null ? " modifiers " + Arrays.toString(modifiers) : "");
    }
}
