package io.texlink.demo.consumer;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo pair with a CUDA producer: the producer with the {@code cuda} profile (Vulkan allocates
 * and exports the images, a CUDA kernel writes the test pattern into them), the consumer with the
 * {@code vulkan} profile (imports them on its own device and downloads each one).
 */
class DemoPairCudaProducerIT extends ProfilePair {

    DemoPairCudaProducerIT() {
        super(CUDA, VULKAN);
    }

    @Test
    @Order(5)
    void theLogsShowACudaProducerOfVulkanFramesAndAVulkanConsumer() throws Exception {
        assertThat(producer.output()).contains("texlink cuda producer on").contains("frames of the VULKAN allocator");
        assertThat(consumer.output()).contains("texlink vulkan consumer on");
    }
}
