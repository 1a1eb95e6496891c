package io.texlink.spring.autoconfigure.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.texlink.spring.FrameConsumer;
import io.texlink.spring.FrameProducer;
import io.texlink.spring.autoconfigure.TestSessions;
import io.texlink.spring.autoconfigure.TexlinkClientAutoConfiguration;
import io.texlink.spring.autoconfigure.TexlinkServerAutoConfiguration;
import io.texlink.spring.autoconfigure.backend.TexlinkBackendAutoConfiguration;
import io.texlink.spring.metrics.TexlinkMetrics;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class TexlinkMetricsAutoConfigurationTests {
    private static final Duration WAIT = Duration.ofSeconds(15);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
                    TexlinkBackendAutoConfiguration.class, TexlinkServerAutoConfiguration.class,
                    TexlinkClientAutoConfiguration.class, TexlinkMetricsAutoConfiguration.class))
            .withPropertyValues("texlink.backend=cpu"); // these tests write and read frame.memory(): CPU frames

    @Test
    void producerAndConsumerMetersCountFramesAndLatencyWithTheirTags() {
        String name = TestSessions.unique("metrics");
        runner.withUserConfiguration(Pair.class).withPropertyValues("texlink.servers.cam.name=" + name,
                "texlink.servers.cam.announce=false", "texlink.servers.cam.frame.width=16", "texlink.servers.cam.frame.height=16",
                "texlink.servers.cam.publish-rate=100", "texlink.clients.cam.name=" + name,
                "texlink.clients.cam.reconnect.initial-backoff=20ms").run(context -> {
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            await().atMost(WAIT).until(() -> registry.get(TexlinkMetrics.LATENCY).timer().count() >= 20);
            Timer latency = registry.get(TexlinkMetrics.LATENCY)
                    .tags("session", name, "role", "consumer", "backend", "cpu").timer();
            assertThat(latency.max(java.util.concurrent.TimeUnit.NANOSECONDS)).isPositive();
            assertThat(latency.takeSnapshot().percentileValues()).hasSize(3);
            assertThat(registry.get(TexlinkMetrics.PUBLISHED).tags("session", name, "role", "producer", "backend", "cpu")
                    .functionCounter().count()).isGreaterThanOrEqualTo(20);
            assertThat(registry.get(TexlinkMetrics.ACQUIRED).tags("role", "consumer").functionCounter().count())
                    .isGreaterThanOrEqualTo(20);
            assertThat(registry.get(TexlinkMetrics.DROPPED).tags("role", "consumer").functionCounter().count()).isNotNegative();
            assertThat(registry.get(TexlinkMetrics.CLIENTS).tags("role", "producer").gauge().value()).isEqualTo(1.0);
        });
    }

    @Test
    void noMeterRegistryMeansNoMetrics() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(TexlinkBackendAutoConfiguration.class, TexlinkClientAutoConfiguration.class,
                        TexlinkMetricsAutoConfiguration.class))
                .withPropertyValues("texlink.clients.v.name=" + TestSessions.unique("noreg"), "texlink.clients.v.connect-timeout=300ms")
                .run(context -> assertThat(context).doesNotHaveBean(TexlinkMetrics.class));
    }

    @Test
    void noMicrometerMeansNoMetrics() {
        runner.withClassLoader(new FilteredClassLoader("io.micrometer"))
                .withPropertyValues("texlink.clients.v.name=" + TestSessions.unique("nomm"), "texlink.clients.v.connect-timeout=300ms")
                .run(context -> assertThat(context).doesNotHaveBean(TexlinkMetrics.class));
    }

    @Test
    void noSessionsMeansNoMetrics() {
        runner.run(context -> assertThat(context).doesNotHaveBean(TexlinkMetrics.class));
    }

    @Configuration(proxyBeanMethods = false)
    static class Pair {
        @Bean
        FrameProducer cam() {
            return (frame, id) -> {
            };
        }

        @Bean
        FrameConsumer consumer() {
            return frame -> {
            };
        }
    }
}
