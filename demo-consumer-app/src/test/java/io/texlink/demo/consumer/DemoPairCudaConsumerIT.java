package io.texlink.demo.consumer;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo pair with a CUDA consumer: the producer with the {@code vulkan} profile (a compute
 * shader writes the test pattern into Vulkan images), the consumer with the {@code cuda} profile
 * (imports each image into CUDA as an array, waits for the producer's timeline on the frame's
 * stream, downloads it to verify it and draw the page).
 */
class DemoPairCudaConsumerIT extends ProfilePair {

    DemoPairCudaConsumerIT() {
        super(VULKAN, CUDA);
    }

    @Test
    @Order(5)
    void theLogsShowAVulkanProducerAndACudaConsumer() throws Exception {
        assertThat(producer.output()).contains("texlink vulkan producer on");
        assertThat(consumer.output()).contains("texlink cuda consumer on").contains("from a VULKAN producer");
    }
}
