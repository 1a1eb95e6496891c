package io.texlink.demo.consumer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The demo consumer: one texlink client ({@code texlink.clients.demo}) whose every frame is
 * checked against the test pattern, and a page at {@code /} (port 8080 by default) that shows the
 * newest frame live with its latency and the session's health.
 */
@SpringBootApplication
public class DemoConsumerApplication {

    public static void main(String[] args) {
        SpringApplication.run(DemoConsumerApplication.class, args);
    }
}
