package io.texlink.demo.consumer;

import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo pair with a GL consumer: the producer with the {@code vulkan} profile (a compute shader
 * writes the test pattern into Vulkan images), the consumer with the {@code egl} profile (imports
 * each image as an OpenGL ES texture in its EGL context, GL waits for the producer's timeline or
 * the producer finished before publishing, downloads it to verify it and draw the page). Runs on
 * Mesa llvmpipe and lavapipe in CI (sync there: the producer's fence); skipped, saying why, where
 * EGL and Vulkan share no GPU.
 */
class DemoPairEglConsumerIT extends ProfilePair {

    DemoPairEglConsumerIT() {
        super(VULKAN, EGL);
    }

    @Test
    @Order(5)
    void theLogsShowAVulkanProducerAndAGlConsumer() throws Exception {
        assertThat(producer.output()).contains("texlink vulkan producer on");
        assertThat(consumer.output()).contains("texlink egl consumer on").contains("from a VULKAN producer");
    }
}
