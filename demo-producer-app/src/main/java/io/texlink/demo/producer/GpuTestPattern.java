package io.texlink.demo.producer;

import io.texlink.WritableFrame;
import io.texlink.vulkan.VulkanContext;
import io.texlink.vulkan.VulkanImage;
import io.texlink.vulkan.VulkanImageSpec;
import org.lwjgl.PointerBuffer;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.vulkan.VK10;
import org.lwjgl.vulkan.VkAllocationCallbacks;
import org.lwjgl.vulkan.VkBufferCreateInfo;
import org.lwjgl.vulkan.VkBufferImageCopy;
import org.lwjgl.vulkan.VkCommandBuffer;
import org.lwjgl.vulkan.VkCommandBufferAllocateInfo;
import org.lwjgl.vulkan.VkCommandBufferBeginInfo;
import org.lwjgl.vulkan.VkCommandPoolCreateInfo;
import org.lwjgl.vulkan.VkComputePipelineCreateInfo;
import org.lwjgl.vulkan.VkDescriptorBufferInfo;
import org.lwjgl.vulkan.VkDescriptorPoolCreateInfo;
import org.lwjgl.vulkan.VkDescriptorPoolSize;
import org.lwjgl.vulkan.VkDescriptorSetAllocateInfo;
import org.lwjgl.vulkan.VkDescriptorSetLayoutBinding;
import org.lwjgl.vulkan.VkDescriptorSetLayoutCreateInfo;
import org.lwjgl.vulkan.VkDevice;
import org.lwjgl.vulkan.VkFenceCreateInfo;
import org.lwjgl.vulkan.VkMemoryAllocateInfo;
import org.lwjgl.vulkan.VkMemoryBarrier;
import org.lwjgl.vulkan.VkMemoryRequirements;
import org.lwjgl.vulkan.VkPipelineLayoutCreateInfo;
import org.lwjgl.vulkan.VkPipelineShaderStageCreateInfo;
import org.lwjgl.vulkan.VkPushConstantRange;
import org.lwjgl.vulkan.VkShaderModuleCreateInfo;
import org.lwjgl.vulkan.VkSubmitInfo;
import org.lwjgl.vulkan.VkWriteDescriptorSet;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.LongBuffer;
import java.nio.charset.StandardCharsets;

import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.system.MemoryUtil.NULL;
import static org.lwjgl.util.shaderc.Shaderc.*;
import static org.lwjgl.vulkan.VK10.*;

/**
 * Computes the stripes of the test pattern ({@link io.texlink.pattern.TestPattern#stripes}'s bytes,
 * frame id included) on the GPU and copies it into a frame's shared image, all on the {@link VulkanContext}'s queue.
 *
 * <p>A compute shader ({@code shaders/test-pattern.comp}, compiled to SPIR-V with shaderc when
 * this object is made) writes the frame's pixels, tightly packed, into a device-local storage
 * buffer of its own; {@code vkCmdCopyBufferToImage} then writes them into the frame's image,
 * between the frame's acquire and release barriers ({@link VulkanImage#recordAcquire},
 * {@link VulkanImage#recordRelease}). The copy lays the rows out as the image's tiling wants, so
 * optimal and linear images, 2D, 3D and cube, all get the pattern a consumer's
 * {@link VulkanImage#download} gives back tightly packed. The work is submitted and left running:
 * the server's {@code endFrame} then makes the frame safe to publish with the backend's sync
 * mode (it waits on a fence where the device exports no timeline semaphore, else it signals the
 * shared timeline after this work).
 *
 * <p>One frame's work is in flight at a time: {@link #render} waits for the previous one before
 * it reuses the command buffer and the storage buffer. Not thread-safe: the server's producer
 * thread renders; {@link #close()} comes after it stopped, before the context closes.
 */
final class GpuTestPattern implements AutoCloseable {
    private static final String SHADER = "/shaders/test-pattern.comp";
    /** {@code local_size_x} in the shader. */
    private static final int GROUP_SIZE = 64;
    /** The least {@code maxComputeWorkGroupCount[0]} Vulkan allows; the shader strides over larger frames. */
    private static final int MAX_GROUPS = 65_535;
    /** Four {@code uint}s: row bytes, word count, id low, id high. */
    private static final int PUSH_CONSTANT_BYTES = 16;
    private static final long FENCE_TIMEOUT_NANOS = 10_000_000_000L;

    private final VulkanContext context;
    private final VkDevice device;
    private long setLayout = NULL;
    private long pipelineLayout = NULL;
    private long pipeline = NULL;
    private long descriptorPool = NULL;
    private long descriptorSet = NULL;
    private long commandPool = NULL;
    private VkCommandBuffer commands;
    private long fence = NULL;
    /** The storage buffer the shader writes, sized for the frames rendered so far. */
    private long pixels = NULL;
    private long pixelMemory = NULL;
    private long pixelBytes;
    private boolean pending;

    /**
     * Compiles the shader and creates the compute pipeline, its descriptor set, a command buffer
     * and a fence on {@code context}'s device.
     *
     * @throws IllegalStateException when shaderc or a Vulkan call fails, naming it
     */
    GpuTestPattern(VulkanContext context) {
        this.context = context;
        this.device = context.device();
        try (MemoryStack stack = stackPush()) {
            setLayout = create(h -> vkCreateDescriptorSetLayout(device, VkDescriptorSetLayoutCreateInfo.calloc(stack)
                    .sType$Default()
                    .pBindings(VkDescriptorSetLayoutBinding.calloc(1, stack).binding(0)
                            .descriptorType(VK_DESCRIPTOR_TYPE_STORAGE_BUFFER).descriptorCount(1)
                            .stageFlags(VK_SHADER_STAGE_COMPUTE_BIT)), null, h), "vkCreateDescriptorSetLayout");
            pipelineLayout = create(h -> vkCreatePipelineLayout(device, VkPipelineLayoutCreateInfo.calloc(stack)
                    .sType$Default()
                    .pSetLayouts(stack.longs(setLayout))
                    .pPushConstantRanges(VkPushConstantRange.calloc(1, stack).stageFlags(VK_SHADER_STAGE_COMPUTE_BIT)
                            .offset(0).size(PUSH_CONSTANT_BYTES)), null, h), "vkCreatePipelineLayout");
            pipeline = createPipeline(stack, compileShader());
            descriptorPool = create(h -> vkCreateDescriptorPool(device, VkDescriptorPoolCreateInfo.calloc(stack)
                    .sType$Default().maxSets(1)
                    .pPoolSizes(VkDescriptorPoolSize.calloc(1, stack).type(VK_DESCRIPTOR_TYPE_STORAGE_BUFFER)
                            .descriptorCount(1)), null, h), "vkCreateDescriptorPool");
            descriptorSet = create(h -> vkAllocateDescriptorSets(device, VkDescriptorSetAllocateInfo.calloc(stack)
                    .sType$Default().descriptorPool(descriptorPool).pSetLayouts(stack.longs(setLayout)), h),
                    "vkAllocateDescriptorSets");
            commandPool = create(h -> vkCreateCommandPool(device, VkCommandPoolCreateInfo.calloc(stack).sType$Default()
                    .flags(VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT)
                    .queueFamilyIndex(context.queueFamilyIndex()), null, h), "vkCreateCommandPool");
            PointerBuffer allocated = stack.mallocPointer(1);
            check(vkAllocateCommandBuffers(device, VkCommandBufferAllocateInfo.calloc(stack).sType$Default()
                    .commandPool(commandPool).level(VK_COMMAND_BUFFER_LEVEL_PRIMARY).commandBufferCount(1), allocated),
                    "vkAllocateCommandBuffers");
            commands = new VkCommandBuffer(allocated.get(0), device);
            fence = create(h -> vkCreateFence(device, VkFenceCreateInfo.calloc(stack).sType$Default(), null, h),
                    "vkCreateFence");
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Records and submits frame {@code frameId}'s pattern into {@code frame}'s image; returns
     * once the work is submitted to the context's queue.
     *
     * @throws IllegalStateException when the frame is not a Vulkan image (the server's frames are
     *                               buffers) or a Vulkan call fails
     */
    void render(WritableFrame frame, long frameId) {
        if (!(frame.buffer() instanceof VulkanImage image)) {
            throw new IllegalStateException("the GPU test pattern fills Vulkan images, but this server's frames are "
                    + frame.descriptor().type() + " in " + frame.buffer().getClass().getSimpleName()
                    + "; set texlink.servers.<name>.frame.type to texture-2d, texture-3d or texture-cube");
        }
        long bytes = image.hostSize();
        if (bytes >= 1L << 32) {
            throw new IllegalStateException("the GPU test pattern addresses frames below 4 GiB; this one has " + bytes
                    + " bytes");
        }
        awaitPrevious();
        ensurePixelBuffer(bytes);
        VulkanImageSpec spec = image.spec();
        long words = (bytes + 3) / 4;
        try (MemoryStack stack = stackPush()) {
            check(vkBeginCommandBuffer(commands, VkCommandBufferBeginInfo.calloc(stack).sType$Default()
                    .flags(VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT)), "vkBeginCommandBuffer");
            vkCmdBindPipeline(commands, VK_PIPELINE_BIND_POINT_COMPUTE, pipeline);
            vkCmdBindDescriptorSets(commands, VK_PIPELINE_BIND_POINT_COMPUTE, pipelineLayout, 0,
                    stack.longs(descriptorSet), null);
            vkCmdPushConstants(commands, pipelineLayout, VK_SHADER_STAGE_COMPUTE_BIT, 0, stack.ints(
                    spec.width() * spec.format().bytesPerPixel(), (int) words, (int) frameId, (int) (frameId >>> 32)));
            vkCmdDispatch(commands, (int) Math.min((words + GROUP_SIZE - 1) / GROUP_SIZE, MAX_GROUPS), 1, 1);
            vkCmdPipelineBarrier(commands, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT, VK_PIPELINE_STAGE_TRANSFER_BIT, 0,
                    VkMemoryBarrier.calloc(1, stack).sType$Default()
                            .srcAccessMask(VK_ACCESS_SHADER_WRITE_BIT).dstAccessMask(VK_ACCESS_TRANSFER_READ_BIT),
                    null, null);
            image.recordAcquire(commands, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, VK_PIPELINE_STAGE_TRANSFER_BIT,
                    VK_ACCESS_TRANSFER_WRITE_BIT);
            VkBufferImageCopy.Buffer region = VkBufferImageCopy.calloc(1, stack); // rows tightly packed in the buffer
            region.imageSubresource().set(VK_IMAGE_ASPECT_COLOR_BIT, 0, 0, spec.arrayLayers());
            region.imageExtent().set(spec.width(), spec.height(), spec.depth());
            vkCmdCopyBufferToImage(commands, pixels, image.image(), VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, region);
            image.recordRelease(commands, VK_IMAGE_LAYOUT_TRANSFER_DST_OPTIMAL, VK_PIPELINE_STAGE_TRANSFER_BIT,
                    VK_ACCESS_TRANSFER_WRITE_BIT);
            check(vkEndCommandBuffer(commands), "vkEndCommandBuffer");
            VkSubmitInfo submit = VkSubmitInfo.calloc(stack).sType$Default().pCommandBuffers(stack.pointers(commands));
            synchronized (context.queueLock()) {
                check(vkQueueSubmit(context.queue(), submit, fence), "vkQueueSubmit (test pattern)");
            }
            pending = true;
        }
    }

    /** The shader's SPIR-V, compiled from the GLSL resource with shaderc. */
    private static ByteBuffer compileShader() {
        String source;
        try (InputStream in = GpuTestPattern.class.getResourceAsStream(SHADER)) {
            if (in == null) {
                throw new IllegalStateException(SHADER + " is missing from the class path");
            }
            source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + SHADER, e);
        }
        long compiler = shaderc_compiler_initialize();
        if (compiler == NULL) {
            throw new IllegalStateException("shaderc_compiler_initialize failed");
        }
        long result = NULL;
        try {
            result = shaderc_compile_into_spv(compiler, source, shaderc_compute_shader, SHADER, "main", NULL);
            if (result == NULL || shaderc_result_get_compilation_status(result) != shaderc_compilation_status_success) {
                throw new IllegalStateException("shaderc cannot compile " + SHADER + ": "
                        + (result == NULL ? "no result" : shaderc_result_get_error_message(result)));
            }
            ByteBuffer spirv = shaderc_result_get_bytes(result);
            if (spirv == null) {
                throw new IllegalStateException("shaderc returned no SPIR-V for " + SHADER);
            }
            // The result owns those bytes; the caller gets a copy that outlives its release.
            return ByteBuffer.allocateDirect(spirv.remaining()).put(spirv).flip();
        } finally {
            if (result != NULL) {
                shaderc_result_release(result);
            }
            shaderc_compiler_release(compiler);
        }
    }

    /** The compute pipeline; its shader module is destroyed once the pipeline holds the code. */
    private long createPipeline(MemoryStack stack, ByteBuffer spirv) {
        long module = create(h -> vkCreateShaderModule(device, VkShaderModuleCreateInfo.calloc(stack).sType$Default()
                .pCode(spirv), null, h), "vkCreateShaderModule");
        try {
            VkComputePipelineCreateInfo.Buffer info = VkComputePipelineCreateInfo.calloc(1, stack).sType$Default()
                    .stage(VkPipelineShaderStageCreateInfo.calloc(stack).sType$Default()
                            .stage(VK_SHADER_STAGE_COMPUTE_BIT).module(module).pName(stack.UTF8("main")))
                    .layout(pipelineLayout);
            return create(h -> vkCreateComputePipelines(device, VK_NULL_HANDLE, info, null, h), "vkCreateComputePipelines");
        } finally {
            vkDestroyShaderModule(device, module, null);
        }
    }

    /** Makes the storage buffer hold {@code bytes} (rounded up to whole words) and points the descriptor at it. */
    private void ensurePixelBuffer(long bytes) {
        long size = (bytes + 3) & ~3L;
        if (size == pixelBytes) {
            return;
        }
        destroyPixelBuffer();
        try (MemoryStack stack = stackPush()) {
            pixels = create(h -> vkCreateBuffer(device, VkBufferCreateInfo.calloc(stack).sType$Default().size(size)
                    .usage(VK_BUFFER_USAGE_STORAGE_BUFFER_BIT | VK_BUFFER_USAGE_TRANSFER_SRC_BIT)
                    .sharingMode(VK_SHARING_MODE_EXCLUSIVE), null, h), "vkCreateBuffer (test pattern)");
            VkMemoryRequirements requirements = VkMemoryRequirements.calloc(stack);
            vkGetBufferMemoryRequirements(device, pixels, requirements);
            // The first device-local type the buffer allows: the same rule texlink uses for frames.
            int type = context.sharedMemoryTypeIndex(requirements.memoryTypeBits());
            pixelMemory = create(h -> vkAllocateMemory(device, VkMemoryAllocateInfo.calloc(stack).sType$Default()
                    .allocationSize(requirements.size()).memoryTypeIndex(type), null, h), "vkAllocateMemory (test pattern)");
            check(vkBindBufferMemory(device, pixels, pixelMemory, 0), "vkBindBufferMemory");
            vkUpdateDescriptorSets(device, VkWriteDescriptorSet.calloc(1, stack).sType$Default()
                    .dstSet(descriptorSet).dstBinding(0).descriptorType(VK_DESCRIPTOR_TYPE_STORAGE_BUFFER)
                    .pBufferInfo(VkDescriptorBufferInfo.calloc(1, stack).buffer(pixels).offset(0).range(VK_WHOLE_SIZE))
                    .descriptorCount(1), null);
            pixelBytes = size;
        }
    }

    private void destroyPixelBuffer() {
        pixels = destroy(pixels, VK10::vkDestroyBuffer);
        pixelMemory = destroy(pixelMemory, VK10::vkFreeMemory);
        pixelBytes = 0;
    }

    /** Waits until the previous frame's work is done, so its command and storage buffers can be reused. */
    private void awaitPrevious() {
        if (pending) {
            pending = false;
            check(vkWaitForFences(device, fence, true, FENCE_TIMEOUT_NANOS), "vkWaitForFences (test pattern)");
            check(vkResetFences(device, fence), "vkResetFences (test pattern)");
        }
    }

    /** Waits for the work in flight, then destroys every object this made, newest first. Idempotent. */
    @Override
    public void close() {
        try {
            awaitPrevious();
        } finally {
            destroyPixelBuffer();
            fence = destroy(fence, VK10::vkDestroyFence);
            commandPool = destroy(commandPool, VK10::vkDestroyCommandPool); // frees the command buffer
            descriptorPool = destroy(descriptorPool, VK10::vkDestroyDescriptorPool); // frees the descriptor set
            pipeline = destroy(pipeline, VK10::vkDestroyPipeline);
            pipelineLayout = destroy(pipelineLayout, VK10::vkDestroyPipelineLayout);
            setLayout = destroy(setLayout, VK10::vkDestroyDescriptorSetLayout);
        }
    }

    /** A {@code vkDestroyXxx} or {@code vkFreeMemory} function. */
    @FunctionalInterface
    private interface Destruction {
        void destroy(VkDevice device, long handle, VkAllocationCallbacks allocator);
    }

    /** Destroys {@code handle} unless it is {@code VK_NULL_HANDLE}; returns {@code VK_NULL_HANDLE}. */
    private long destroy(long handle, Destruction destruction) {
        if (handle != NULL) {
            destruction.destroy(device, handle, null);
        }
        return NULL;
    }

    /** A {@code vkCreateXxx} or {@code vkAllocateXxx} call writing one handle. */
    @FunctionalInterface
    private interface Creation {
        int create(LongBuffer handle);
    }

    /** Runs {@code creation}, checks its result under the name {@code call}, and returns the handle. */
    private static long create(Creation creation, String call) {
        try (MemoryStack stack = stackPush()) {
            LongBuffer handle = stack.mallocLong(1);
            check(creation.create(handle), call);
            return handle.get(0);
        }
    }

    private static void check(int result, String call) {
        if (result != VK_SUCCESS) {
            throw new IllegalStateException(call + " returned VkResult " + result);
        }
    }
}
