package io.texlink.vulkan;

import io.texlink.FrameDescriptor;
import io.texlink.HandleType;
import io.texlink.PixelFormat;
import io.texlink.TexlinkUnsupportedException;
import io.texlink.backend.DeviceIdentity;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.vulkan.VkFenceCreateInfo;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.vulkan.VK10.vkCreateFence;

class VulkanContextTest {

    @Test
    void createdContextKnowsItsDeviceAndDestroysEverything() {
        VulkanContext context = VulkanTestSupport.contextOrSkip();
        assertThat(context.identity().isNone()).isFalse();
        assertThat(context.capabilities().deviceName()).isNotBlank();
        assertThat(context.capabilities().apiVersion()).isGreaterThanOrEqualTo(org.lwjgl.vulkan.VK12.VK_API_VERSION_1_2);
        assertThat(context.capabilities().validation()).isEqualTo(VulkanTestSupport.validationAvailable());
        assertThat(context.capabilities().summary()).contains(context.capabilities().deviceName());
        VulkanTestSupport.closeAndAssertClean(context);
        context.close(); // idempotent
    }

    @Test
    void aContextOnTheSameDeviceIsFoundByIdentity() {
        VulkanContext first = VulkanTestSupport.contextOrSkip();
        try (VulkanContext second = VulkanContext.create(VulkanTestSupport.options().withDevice(first.identity()))) {
            assertThat(second.identity()).isEqualTo(first.identity());
            assertThat(second.device().address()).isNotEqualTo(first.device().address());
        } finally {
            VulkanTestSupport.closeAndAssertClean(first);
        }
    }

    @Test
    void aDeviceUuidWithoutDriverUuidFindsTheDeviceAsCudaNamesIt() {
        VulkanContext first = VulkanTestSupport.contextOrSkip();
        DeviceIdentity cudaStyle = new DeviceIdentity(first.identity().deviceUuid(), new byte[16]);
        try (VulkanContext second = VulkanContext.create(VulkanTestSupport.options().withDevice(cudaStyle))) {
            assertThat(second.identity()).isEqualTo(first.identity());
        } finally {
            VulkanTestSupport.closeAndAssertClean(first);
        }
    }

    @Test
    void aDeviceThatIsNotHereIsRefusedByName() {
        VulkanContext probe = VulkanTestSupport.contextOrSkip();
        VulkanTestSupport.closeAndAssertClean(probe);
        byte[] uuid = new byte[16];
        Arrays.fill(uuid, (byte) 0x5a);
        DeviceIdentity absent = new DeviceIdentity(uuid, uuid);
        assertThatThrownBy(() -> VulkanContext.create(VulkanTestSupport.options().withDevice(absent)))
                .isInstanceOf(TexlinkUnsupportedException.class)
                .hasMessageContaining("no Vulkan 1.2 device here is " + absent)
                .hasMessageContaining(probe.capabilities().deviceName());
    }

    @Test
    void aWrappedDeviceStaysTheApplicationsAndItsFramesAreClosedWithTheWrapper() {
        VulkanContext application = VulkanTestSupport.contextOrSkip();
        VulkanContext wrapper = VulkanContext.wrap(application.device(), application.queueFamilyIndex(), 0,
                application.capabilities().timelineSemaphores());
        assertThat(wrapper.identity()).isEqualTo(application.identity());
        assertThat(wrapper.capabilities().opaqueFdMemory()).isEqualTo(application.capabilities().opaqueFdMemory());
        VulkanImage forgotten = VulkanImage.export(wrapper, VulkanImageSpec.forExport(wrapper,
                FrameDescriptor.texture2d(16, 16, PixelFormat.ABGR8888), ImageTiling.OPTIMAL, HandleType.OPAQUE_FD), "test");
        assertThat(wrapper.liveObjectCount()).isGreaterThan(0);

        wrapper.close(); // closes the frame it still holds, leaves the device alone
        assertThat(wrapper.liveObjects()).isEmpty();
        assertThat(forgotten.toString()).contains("closed");
        VulkanImage still = VulkanImage.export(application, VulkanImageSpec.forExport(application,
                FrameDescriptor.texture2d(16, 16, PixelFormat.ABGR8888), ImageTiling.OPTIMAL, HandleType.OPAQUE_FD), "test");
        still.close();
        VulkanTestSupport.closeAndAssertClean(application);
    }

    @Test
    void aFrameFreesItsHostTransferAndMakesItAgainWhenNeeded() {
        try (VulkanContext context = VulkanTestSupport.contextOrSkip();
             VulkanFrameAllocator allocator = VulkanFrameAllocator.builder(context).build();
             Arena arena = Arena.ofConfined()) {
            VulkanFrame frame = (VulkanFrame) allocator.allocate(0, FrameDescriptor.texture2d(32, 32, PixelFormat.R8));
            Map<String, Integer> frameAlone = context.liveObjects();
            MemorySegment pixels = arena.allocate(frame.hostSize());
            frame.download(pixels);
            assertThat(context.liveObjects()).as("a staging buffer and its memory").isNotEqualTo(frameAlone);
            frame.freeHostTransfer();
            assertThat(context.liveObjects()).isEqualTo(frameAlone);
            pixels.fill((byte) 7);
            frame.upload(pixels);
            MemorySegment back = arena.allocate(frame.hostSize());
            frame.download(back);
            assertThat(back.mismatch(pixels)).as("upload and download work again").isEqualTo(-1);
            frame.close();
        }
    }

    @Test
    void closingTheContextClosesFramesTheApplicationForgot() {
        VulkanContext context = VulkanTestSupport.contextOrSkip();
        VulkanFrameAllocator allocator = VulkanFrameAllocator.builder(context).build();
        allocator.allocate(0, FrameDescriptor.texture2d(32, 32, PixelFormat.R8));
        allocator.allocate(1, FrameDescriptor.buffer(io.texlink.FrameType.RAW, 4096));
        assertThat(context.liveObjects()).containsKeys("VkImage", "VkBuffer", "VkDeviceMemory");
        context.close();
        assertThat(context.liveObjects()).isEmpty();
        assertThat(context.validationErrors()).isEmpty();
    }

    @Test
    void theValidationLayerReportsWhatIsLeftAtDeviceDestruction() {
        Assumptions.assumeTrue(VulkanTestSupport.validationAvailable(), "the validation layer is not installed here");
        VulkanContext context = VulkanTestSupport.contextOrSkip();
        try (MemoryStack stack = stackPush()) {
            context.create("VkFence", "vkCreateFence", h -> vkCreateFence(context.device(),
                    VkFenceCreateInfo.calloc(stack).sType$Default(), null, h));
        }
        assertThat(context.liveObjects()).containsEntry("VkFence", 1);
        context.close();
        assertThat(context.validationErrors()).anySatisfy(message -> assertThat(message).contains("VkFence"));
    }
}
