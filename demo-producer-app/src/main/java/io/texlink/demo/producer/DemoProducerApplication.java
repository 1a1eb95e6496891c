package io.texlink.demo.producer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The demo producer: one texlink server ({@code texlink.servers.demo}) whose frames are the
 * moving test pattern, published at the configured size and rate. Health and Prometheus metrics
 * at {@code /actuator/health} and {@code /actuator/prometheus} (port 8081 by default).
 */
@SpringBootApplication
public class DemoProducerApplication {

    public static void main(String[] args) {
        SpringApplication.run(DemoProducerApplication.class, args);
    }
}
