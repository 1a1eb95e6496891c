package io.texlink.vulkan;

import io.texlink.Backend;
import io.texlink.PixelFormat;
import io.texlink.TexlinkUnsupportedException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.lwjgl.vulkan.VK10.*;

class VulkanFormatsTest {

    @Test
    void fourccsMapAsWireV3Says() {
        assertThat(VulkanFormats.vkFormat(PixelFormat.R8)).isEqualTo(VK_FORMAT_R8_UNORM);
        assertThat(VulkanFormats.vkFormat(PixelFormat.ARGB8888)).isEqualTo(VK_FORMAT_B8G8R8A8_UNORM);
        assertThat(VulkanFormats.vkFormat(PixelFormat.XRGB8888)).isEqualTo(VK_FORMAT_B8G8R8A8_UNORM);
        assertThat(VulkanFormats.vkFormat(PixelFormat.ABGR8888)).isEqualTo(VK_FORMAT_R8G8B8A8_UNORM);
        assertThat(VulkanFormats.vkFormat(PixelFormat.XBGR8888)).isEqualTo(VK_FORMAT_R8G8B8A8_UNORM);
        assertThat(VulkanFormats.vkFormat(PixelFormat.ABGR16161616F)).isEqualTo(VK_FORMAT_R16G16B16A16_SFLOAT);
    }

    @Test
    void anImageNeedsAFormat() {
        assertThatThrownBy(() -> VulkanFormats.vkFormat(PixelFormat.UNKNOWN))
                .isInstanceOf(TexlinkUnsupportedException.class).hasMessageContaining("pixel format");
    }

    @Test
    void yIsFlippedExactlyBetweenEglAndVulkan() {
        assertThat(Backend.mustFlipY(Backend.EGL, Backend.VULKAN)).isTrue();
        assertThat(Backend.mustFlipY(Backend.VULKAN, Backend.EGL)).isTrue();
        assertThat(Backend.mustFlipY(Backend.VULKAN, Backend.VULKAN)).isFalse();
        assertThat(Backend.mustFlipY(Backend.EGL, Backend.EGL)).isFalse();
        assertThat(Backend.mustFlipY(Backend.CPU, Backend.VULKAN)).isFalse();
        assertThat(Backend.mustFlipY(Backend.CUDA, Backend.EGL)).isFalse();
    }

    @Test
    void resultCodesAreNamed() {
        assertThat(VulkanResult.name(VK_ERROR_OUT_OF_DEVICE_MEMORY)).isEqualTo("VK_ERROR_OUT_OF_DEVICE_MEMORY");
        assertThat(VulkanResult.name(org.lwjgl.vulkan.VK11.VK_ERROR_INVALID_EXTERNAL_HANDLE)).isEqualTo("VK_ERROR_INVALID_EXTERNAL_HANDLE");
        assertThat(VulkanResult.name(-424242)).isEqualTo("VkResult -424242");
        assertThatThrownBy(() -> VulkanResult.check(VK_ERROR_DEVICE_LOST, "vkQueueSubmit"))
                .isInstanceOf(io.texlink.TexlinkResourceException.class).hasMessage("vkQueueSubmit returned VK_ERROR_DEVICE_LOST");
        assertThatThrownBy(() -> VulkanResult.check(VK_TIMEOUT, "vkWaitSemaphores"))
                .isInstanceOf(io.texlink.TexlinkTimeoutException.class);
        assertThatThrownBy(() -> VulkanResult.check(VK_ERROR_EXTENSION_NOT_PRESENT, "vkCreateDevice"))
                .isInstanceOf(TexlinkUnsupportedException.class);
        assertThatThrownBy(() -> VulkanResult.check(org.lwjgl.vulkan.VK11.VK_ERROR_INVALID_EXTERNAL_HANDLE, "vkAllocateMemory"))
                .isInstanceOf(io.texlink.TexlinkProtocolException.class);
        VulkanResult.check(VK_SUCCESS, "vkCreateImage");
    }
}
