package io.texlink.spring.autoconfigure;

import io.texlink.AcquiredFrame;
import io.texlink.ConnectionState;
import io.texlink.ReconnectingClient;
import io.texlink.TexlinkServer;
import io.texlink.pattern.TestPattern;
import io.texlink.spring.FrameConsumer;
import io.texlink.spring.FrameProducer;
import io.texlink.spring.TexlinkClients;
import io.texlink.spring.autoconfigure.backend.TexlinkBackendAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class TexlinkClientAutoConfigurationTests {
    private static final Duration WAIT = Duration.ofSeconds(15);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TexlinkBackendAutoConfiguration.class,
                    TexlinkServerAutoConfiguration.class, TexlinkClientAutoConfiguration.class))
            .withPropertyValues("texlink.backend=cpu"); // these tests write and read frame.memory(): CPU frames

    @Test
    void noClientsConfiguredMeansNoClientBeans() {
        runner.run(context -> assertThat(context).doesNotHaveBean(TexlinkClients.class).doesNotHaveBean(ReconnectingClient.class));
    }

    @Test
    void oneClientIsInjectableByTypeWithThePropertiesApplied() {
        String name = TestSessions.unique("c");
        runner.withPropertyValues("texlink.clients.view.name=" + name, "texlink.clients.view.connect-timeout=750ms",
                "texlink.clients.view.wait-strategy=busy-spin", "texlink.clients.view.trusted-producer-uids=77",
                "texlink.clients.view.stale-after=3s").run(context -> {
            ReconnectingClient client = context.getBean(ReconnectingClient.class);
            TexlinkClients clients = context.getBean(TexlinkClients.class);
            assertThat(clients.get("view")).isSameAs(client);
            assertThat(client.options().name()).isEqualTo(name);
            assertThat(client.options().socketPath()).isNull();
            assertThat(client.options().connectTimeout()).isEqualTo(Duration.ofMillis(750));
            assertThat(client.options().waitStrategy().blocksOnSocket()).isFalse();
            assertThat(client.options().trustedProducerUids()).containsExactly(77);
            assertThat(clients.staleAfter("view")).isEqualTo(Duration.ofSeconds(3));
            assertThat(client.state()).isEqualTo(ConnectionState.CONNECTING);
        });
    }

    @Test
    void blockingIsTheDefaultWaitStrategyAndTheKeyTheDefaultName() {
        String key = TestSessions.unique("k");
        runner.withPropertyValues("texlink.clients." + key + ".connect-timeout=300ms").run(context -> {
            ReconnectingClient client = context.getBean(ReconnectingClient.class);
            assertThat(client.options().name()).isEqualTo(key);
            assertThat(client.options().waitStrategy().blocksOnSocket()).isTrue();
        });
    }

    @Test
    void anExplicitSocketIsUsedAsIs() {
        runner.withPropertyValues("texlink.clients.view.socket=/tmp/texlink-sb-nowhere/cam.sock", "texlink.clients.view.connect-timeout=300ms").run(context -> {
            ReconnectingClient client = context.getBean(ReconnectingClient.class);
            assertThat(client.options().socketPath()).isEqualTo(Path.of("/tmp/texlink-sb-nowhere/cam.sock"));
            assertThat(client.options().name()).isEqualTo("cam");
        });
    }

    @Test
    void severalClientsHaveNoPlainClientBean() {
        runner.withPropertyValues("texlink.clients.a.name=" + TestSessions.unique("a"), "texlink.clients.a.connect-timeout=300ms",
                "texlink.clients.b.name=" + TestSessions.unique("b"), "texlink.clients.b.connect-timeout=300ms").run(context -> {
            assertThat(context).hasSingleBean(TexlinkClients.class).doesNotHaveBean(ReconnectingClient.class);
            assertThat(context.getBean(TexlinkClients.class).names()).containsExactly("a", "b");
        });
    }

    @Test
    void invalidDurationsFailNamingTheProperty() {
        runner.withPropertyValues("texlink.clients.v.reconnect.initial-backoff=2s", "texlink.clients.v.reconnect.max-backoff=1s")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("texlink.clients.v.reconnect").hasMessageContaining("0 < initial <= max"));
        runner.withPropertyValues("texlink.clients.v.acquire-timeout=0s")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("texlink.clients.v.acquire-timeout").hasMessageContaining("positive duration"));
        runner.withPropertyValues("texlink.clients.v.connect-timeout=0s")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("texlink.clients.v").hasMessageContaining("connectTimeout must be positive"));
    }

    @Test
    void anInvalidSessionNameFailsNamingTheClient() {
        runner.withPropertyValues("texlink.clients.v.name=.hidden")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("texlink.clients.v").hasMessageContaining("session name '.hidden' is invalid"));
    }

    /** A server and a client of the same session in one application: frames flow from the producer bean to the consumer bean. */
    @Test
    void framesFlowFromTheProducerBeanToTheConsumerBean() {
        String name = TestSessions.unique("loop");
        runner.withUserConfiguration(PatternPair.class)
                .withPropertyValues("texlink.servers.cam.name=" + name, "texlink.servers.cam.frame.width=96",
                        "texlink.servers.cam.frame.height=64", "texlink.servers.cam.publish-rate=120",
                        "texlink.clients.cam.name=" + name, "texlink.clients.cam.reconnect.initial-backoff=20ms")
                .run(context -> {
                    PatternPair pair = context.getBean(PatternPair.class);
                    await().atMost(WAIT).until(() -> pair.verified.get() >= 30);
                    assertThat(pair.errors).isEmpty();
                    ReconnectingClient client = context.getBean(ReconnectingClient.class);
                    assertThat(client.state()).isEqualTo(ConnectionState.CONNECTED);
                    assertThat(client.stats().framesAcquired()).isGreaterThanOrEqualTo(30);
                });
    }

    @Test
    void aConsumerThatThrowsStillGetsTheNextFramesAndReleasesEachOne() {
        String name = TestSessions.unique("throw");
        runner.withUserConfiguration(ThrowingConsumer.class)
                .withPropertyValues("texlink.servers.cam.name=" + name, "texlink.servers.cam.announce=false",
                        "texlink.servers.cam.frame.width=16", "texlink.servers.cam.frame.height=16",
                        "texlink.servers.cam.publish-rate=200", "texlink.servers.cam.buffers=2",
                        "texlink.clients.cam.name=" + name, "texlink.clients.cam.reconnect.initial-backoff=20ms")
                .run(context -> {
                    ThrowingConsumer consumer = context.getBean(ThrowingConsumer.class);
                    await().atMost(WAIT).until(() -> consumer.calls.get() >= 20);
                    // Released frames go back to the producer: with two buffers it would stall otherwise.
                    TexlinkServer server = context.getBean(TexlinkServer.class);
                    long published = server.stats().framesPublished();
                    await().atMost(WAIT).until(() -> server.stats().framesPublished() > published + 10);
                });
    }

    @Test
    void consumersPairWithClientsByBeanName() {
        runner.withUserConfiguration(PatternPair.class)
                .withPropertyValues("texlink.clients.cam.name=" + TestSessions.unique("x"), "texlink.clients.other.name="
                        + TestSessions.unique("y"), "texlink.servers.cam.announce=false")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("FrameConsumer bean(s) [verifier] fit no session under texlink.clients [cam, other]"));
    }

    /** Publishes the test pattern and verifies it on the way back. */
    @Configuration(proxyBeanMethods = false)
    static class PatternPair {
        final AtomicLong verified = new AtomicLong();
        final List<String> errors = new CopyOnWriteArrayList<>();

        @Bean
        FrameProducer cam() {
            return (frame, id) -> new TestPattern(frame.descriptor()).fill(frame.memory(), id);
        }

        @Bean
        FrameConsumer verifier() {
            return (AcquiredFrame frame) -> {
                String wrong = new TestPattern(frame.descriptor()).verify(frame.memory(), frame.frameId(), true);
                if (wrong != null) {
                    errors.add(wrong);
                }
                verified.incrementAndGet();
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ThrowingConsumer {
        final AtomicLong calls = new AtomicLong();

        @Bean
        FrameProducer producer() {
            return (frame, id) -> {
            };
        }

        @Bean
        FrameConsumer consumer() {
            return frame -> {
                calls.incrementAndGet();
                throw new IllegalStateException("consumer bug on frame " + frame.frameId());
            };
        }
    }
}
