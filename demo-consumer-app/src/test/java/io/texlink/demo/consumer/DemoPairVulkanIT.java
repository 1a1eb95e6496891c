package io.texlink.demo.consumer;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo pair with the {@code vulkan} profile: the producer computes the test pattern with a
 * compute shader into Vulkan images, the consumer imports them on its own device and downloads
 * each one to verify it and draw the page. Runs on whatever device texlink picks here (lavapipe in
 * CI) and is skipped, saying why, where it can create none. Where the Khronos validation layer is
 * installed both apps run with it (synchronization validation included), and their logs must
 * show no error: not while frames flow, and not when the devices are destroyed at shutdown.
 */
class DemoPairVulkanIT extends DemoPairContract {
    private boolean validation;

    @Override
    App producerApp() {
        return vulkan();
    }

    @Override
    App consumerApp() {
        return vulkan();
    }

    private App vulkan() {
        return new App("vulkan", List.of("--spring.profiles.active=vulkan", "--texlink.vulkan.validation=" + validation));
    }

    @Override
    String logSuffix() {
        return "-vulkan";
    }

    @Override
    void assumeBackendAvailable() {
        validation = GpuProfiles.requireVulkan();
    }

    @Test
    @Order(5)
    void theLogsShowTheVulkanPathAndNoValidationError() throws Exception {
        assertThat(producer.output()).contains("texlink vulkan producer on")
                .doesNotContain("vulkan validation:").doesNotContain("the validation layer reported");
        assertThat(consumer.output()).contains("texlink vulkan consumer on")
                .doesNotContain("vulkan validation:").doesNotContain("the validation layer reported");
        if (validation) {
            assertThat(producer.output()).contains("validation on");
        }
    }
}
