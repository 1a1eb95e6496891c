package io.texlink.demo.consumer;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo pair with a CUDA producer: the producer with the {@code cuda} profile (Vulkan allocates
 * and exports the images, a CUDA kernel writes the test pattern into them), the consumer with the
 * {@code vulkan} profile (imports them on its own device and downloads each one). Needs an NVIDIA
 * GPU with its CUDA and Vulkan drivers; skipped, saying why, elsewhere (CI).
 */
class DemoPairCudaProducerIT extends DemoPairContract {

    @Override
    App producerApp() {
        return new App("cuda", List.of("--spring.profiles.active=cuda"));
    }

    @Override
    App consumerApp() {
        return new App("vulkan", List.of("--spring.profiles.active=vulkan"));
    }

    @Override
    String logSuffix() {
        return "-cuda-producer";
    }

    @Override
    void assumeBackendAvailable() {
        GpuProfiles.requireCuda();
        GpuProfiles.requireVulkan();
    }

    @Test
    @Order(5)
    void theLogsShowACudaProducerOfVulkanFramesAndAVulkanConsumer() throws Exception {
        assertThat(producer.output()).contains("texlink cuda producer on").contains("frames of the VULKAN allocator");
        assertThat(consumer.output()).contains("texlink vulkan consumer on");
    }
}
