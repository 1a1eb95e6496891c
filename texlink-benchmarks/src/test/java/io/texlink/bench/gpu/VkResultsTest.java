package io.texlink.bench.gpu;

import io.texlink.TexlinkResourceException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.lwjgl.vulkan.VK10.VK_ERROR_DEVICE_LOST;
import static org.lwjgl.vulkan.VK10.VK_SUCCESS;
import static org.lwjgl.vulkan.VK10.VK_TIMEOUT;
import static org.lwjgl.vulkan.VK11.VK_ERROR_INVALID_EXTERNAL_HANDLE;
import static org.lwjgl.vulkan.VK12.VK_ERROR_FRAGMENTATION;

class VkResultsTest {

    @Test
    void resultsAreNamedAsInTheRegistry() {
        assertThat(VkResults.name(VK_ERROR_DEVICE_LOST)).isEqualTo("VK_ERROR_DEVICE_LOST");
        assertThat(VkResults.name(VK_TIMEOUT)).isEqualTo("VK_TIMEOUT");
        assertThat(VkResults.name(VK_ERROR_INVALID_EXTERNAL_HANDLE)).isEqualTo("VK_ERROR_INVALID_EXTERNAL_HANDLE");
        assertThat(VkResults.name(VK_ERROR_FRAGMENTATION)).isEqualTo("VK_ERROR_FRAGMENTATION");
        assertThat(VkResults.name(-123456)).isEqualTo("VkResult -123456");
    }

    @Test
    void aFailedCallIsNamedWithWhatItDid() {
        assertThatCode(() -> VkResults.check(VK_SUCCESS, "vkQueueSubmit", "stamp")).doesNotThrowAnyException();
        assertThatThrownBy(() -> VkResults.check(VK_TIMEOUT, "vkWaitForFences", "stamp write into buffer 2 on H100"))
                .isInstanceOf(TexlinkResourceException.class)
                .hasMessage("vkWaitForFences returned VK_TIMEOUT; stamp write into buffer 2 on H100");
    }
}
