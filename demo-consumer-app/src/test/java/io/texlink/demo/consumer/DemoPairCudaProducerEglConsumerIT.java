package io.texlink.demo.consumer;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo pair of a CUDA producer and a GL consumer: the producer with the {@code cuda} profile
 * (Vulkan allocates and exports the images, a CUDA kernel writes the test pattern into them), the
 * consumer with the {@code egl} profile (imports each one as an OpenGL ES texture, GL waits for the
 * producer's timeline on the GPU, downloads it to verify it and draw the page). Needs an NVIDIA GPU.
 */
class DemoPairCudaProducerEglConsumerIT extends ProfilePair {

    DemoPairCudaProducerEglConsumerIT() {
        super(CUDA, EGL);
    }

    @Test
    @Order(5)
    void theLogsShowACudaProducerOfVulkanFramesAndAGlConsumer() throws Exception {
        assertThat(producer.output()).contains("texlink cuda producer on").contains("frames of the VULKAN allocator");
        assertThat(consumer.output()).contains("texlink egl consumer on").contains("from a VULKAN producer"); // the frames are Vulkan's, CUDA writes them
    }
}
