package io.texlink.spring.autoconfigure.health;

import io.texlink.TexlinkServer;
import io.texlink.WritableFrame;
import io.texlink.spring.FrameProducer;
import io.texlink.spring.TexlinkServers;
import io.texlink.spring.autoconfigure.TestSessions;
import io.texlink.spring.autoconfigure.TexlinkClientAutoConfiguration;
import io.texlink.spring.autoconfigure.TexlinkServerAutoConfiguration;
import io.texlink.spring.autoconfigure.backend.TexlinkBackendAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class TexlinkHealthContributorAutoConfigurationTests {
    private static final Duration WAIT = Duration.ofSeconds(15);

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TexlinkBackendAutoConfiguration.class, TexlinkServerAutoConfiguration.class,
                    TexlinkClientAutoConfiguration.class, TexlinkHealthContributorAutoConfiguration.class))
            .withPropertyValues("texlink.backend=cpu"); // these tests write and read frame.memory(): CPU frames

    @Test
    void noSessionsMeansNoContributor() {
        runner.run(context -> assertThat(context).doesNotHaveBean("texlinkHealthContributor"));
    }

    @Test
    void canBeSwitchedOff() {
        runner.withPropertyValues("texlink.clients.v.name=" + TestSessions.unique("off"), "texlink.clients.v.connect-timeout=300ms", "management.health.texlink.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean("texlinkHealthContributor"));
    }

    @Test
    void needsSpringBootHealthOnTheClassPath() {
        runner.withClassLoader(new FilteredClassLoader(HealthContributor.class))
                .withPropertyValues("texlink.clients.v.name=" + TestSessions.unique("nohealth"), "texlink.clients.v.connect-timeout=300ms")
                .run(context -> assertThat(context).doesNotHaveBean("texlinkHealthContributor"));
    }

    @Test
    void aUserContributorNamedTexlinkWins() {
        runner.withUserConfiguration(OwnIndicator.class).withPropertyValues("texlink.clients.v.name=" + TestSessions.unique("own"),
                        "texlink.clients.v.connect-timeout=300ms")
                .run(context -> assertThat(context.getBean("texlinkHealthIndicator")).isInstanceOf(HealthIndicator.class)
                        .isNotInstanceOf(CompositeHealthContributor.class));
    }

    @Test
    void serverAndClientAreUpWhileFramesFlowAndTheClientGoesDownWhenTheProducerGoes() {
        String name = TestSessions.unique("health");
        runner.withUserConfiguration(Blank.class).withPropertyValues("texlink.servers.cam.name=" + name,
                "texlink.servers.cam.frame.width=16", "texlink.servers.cam.frame.height=16", "texlink.servers.cam.publish-rate=100",
                "texlink.clients.cam.name=" + name, "texlink.clients.cam.reconnect.initial-backoff=20ms",
                "texlink.clients.cam.reconnect.max-backoff=100ms").run(context -> {
            await().atMost(WAIT).until(() -> health(context, "clients", "cam").getStatus().equals(Status.UP));
            Health server = health(context, "servers", "cam");
            assertThat(server.getStatus()).isEqualTo(Status.UP);
            assertThat(server.getDetails()).containsEntry("session", name).containsEntry("clients", 1)
                    .containsKeys("framesPublished", "lastPublishAge", "socket", "clientsRefused", "clientsDropped");
            assertThat(health(context, "clients", "cam").getDetails()).containsEntry("session", name)
                    .containsEntry("state", io.texlink.ConnectionState.CONNECTED).containsKeys("framesAcquired", "lastFrameAge");

            context.getBean(TexlinkServers.class).get("cam").close();
            await().atMost(WAIT).until(() -> health(context, "clients", "cam").getStatus().equals(Status.DOWN));
            assertThat((String) health(context, "clients", "cam").getDetails().get("reason")).startsWith("not connected to the producer: ");
            assertThat(health(context, "servers", "cam").getStatus()).isEqualTo(Status.DOWN);
            assertThat(health(context, "servers", "cam").getDetails()).containsEntry("reason", "the server is CLOSED, not LISTENING");
        });
    }

    @Test
    void aConnectedClientIsDownUntilTheFirstFrameAndAgainWhenFramesGoStale() {
        String name = TestSessions.unique("stale");
        runner.withPropertyValues("texlink.servers.cam.name=" + name, "texlink.servers.cam.announce=false",
                "texlink.servers.cam.frame.width=16", "texlink.servers.cam.frame.height=16",
                "texlink.clients.cam.name=" + name, "texlink.clients.cam.stale-after=300ms",
                "texlink.clients.cam.reconnect.initial-backoff=20ms").run(context -> {
            TexlinkServer server = context.getBean(TexlinkServer.class);
            await().atMost(WAIT).until(() -> server.clientCount() == 1);
            await().atMost(WAIT).until(() -> "connected, but the producer has sent no frame yet"
                    .equals(health(context, "clients", "cam").getDetails().get("reason")));

            WritableFrame frame = server.tryBeginFrame();
            server.endFrame(frame);
            await().atMost(WAIT).until(() -> health(context, "clients", "cam").getStatus().equals(Status.UP));
            await().atMost(WAIT).until(() -> health(context, "clients", "cam").getStatus().equals(Status.DOWN));
            assertThat((String) health(context, "clients", "cam").getDetails().get("reason")).startsWith("stale: no frame for ")
                    .endsWith("more than PT0.3S");
        });
    }

    @Test
    void aFailedProducerTurnsTheServerDown() {
        runner.withUserConfiguration(Failing.class).withPropertyValues("texlink.servers.cam.name=" + TestSessions.unique("pf"),
                "texlink.servers.cam.announce=false", "texlink.servers.cam.frame.width=16", "texlink.servers.cam.frame.height=16")
                .run(context -> {
                    await().atMost(WAIT).until(() -> health(context, "servers", "cam").getStatus().equals(Status.DOWN));
                    assertThat((String) health(context, "servers", "cam").getDetails().get("reason"))
                            .isEqualTo("the FrameProducer failed: java.lang.IllegalStateException: broken camera");
                });
    }

    private static Health health(AssertableApplicationContext context, String kind, String name) {
        CompositeHealthContributor texlink = context.getBean("texlinkHealthContributor", CompositeHealthContributor.class);
        CompositeHealthContributor sessions = (CompositeHealthContributor) texlink.getContributor(kind);
        return ((HealthIndicator) sessions.getContributor(name)).health();
    }

    @Configuration(proxyBeanMethods = false)
    static class Blank {
        @Bean
        FrameProducer cam() {
            return (frame, id) -> {
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Failing {
        @Bean
        FrameProducer cam() {
            return (frame, id) -> {
                throw new IllegalStateException("broken camera");
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnIndicator {
        @Bean
        HealthIndicator texlinkHealthIndicator() {
            return () -> Health.up().build();
        }
    }
}
