package io.texlink.spring.autoconfigure;

import io.texlink.Buffering;
import io.texlink.ConnectionState;
import io.texlink.FrameType;
import io.texlink.PixelFormat;
import io.texlink.TexlinkServer;
import io.texlink.spring.FrameProducer;
import io.texlink.spring.TexlinkServers;
import io.texlink.spring.autoconfigure.backend.TexlinkBackendAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class TexlinkServerAutoConfigurationTests {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TexlinkBackendAutoConfiguration.class, TexlinkServerAutoConfiguration.class))
            .withPropertyValues("texlink.backend=cpu"); // these tests write and read frame.memory(): CPU frames

    @Test
    void noServersConfiguredMeansNoServerBeans() {
        runner.run(context -> assertThat(context).doesNotHaveBean(TexlinkServers.class).doesNotHaveBean(TexlinkServer.class));
    }

    @Test
    void oneServerIsListeningAndInjectableByTypeWithThePropertiesApplied() {
        String name = TestSessions.unique("one");
        runner.withPropertyValues("texlink.servers.cam.name=" + name, "texlink.servers.cam.frame.width=320",
                "texlink.servers.cam.frame.height=200", "texlink.servers.cam.frame.format=xrgb8888",
                "texlink.servers.cam.buffers=2", "texlink.servers.cam.max-clients=3",
                "texlink.servers.cam.allowed-uids=4242,4343", "texlink.servers.cam.announce=false").run(context -> {
            TexlinkServer server = context.getBean(TexlinkServer.class);
            assertThat(context.getBean(TexlinkServers.class).get("cam")).isSameAs(server);
            assertThat(server.state()).isEqualTo(ConnectionState.LISTENING);
            assertThat(server.options().name()).isEqualTo(name);
            assertThat(server.options().socketPath()).isEqualTo(Path.of("/tmp/texlink", name + ".sock"));
            assertThat(Files.exists(server.options().socketPath())).isTrue();
            assertThat(server.meta().descriptor().type()).isEqualTo(FrameType.TEXTURE_2D);
            assertThat(server.meta().descriptor().width()).isEqualTo(320);
            assertThat(server.meta().descriptor().height()).isEqualTo(200);
            assertThat(server.meta().descriptor().format()).isEqualTo(PixelFormat.XRGB8888);
            assertThat(server.options().buffering()).isEqualTo(Buffering.DOUBLE);
            assertThat(server.options().maxClients()).isEqualTo(3);
            assertThat(server.options().allowedUids()).containsExactlyInAnyOrder(4242, 4343);
            assertThat(server.options().registry()).isNull();
        });
    }

    @Test
    void theSessionNameDefaultsToTheKeyAndIsAnnounced() {
        String key = TestSessions.unique("key");
        runner.withPropertyValues("texlink.servers." + key + ".frame.width=64", "texlink.servers." + key + ".frame.height=64")
                .run(context -> {
                    TexlinkServer server = context.getBean(TexlinkServer.class);
                    assertThat(server.options().name()).isEqualTo(key);
                    assertThat(server.options().registry().lookup(key)).contains(server.options().socketPath());
                });
    }

    @Test
    void closingTheContextRemovesTheSocketAndTheRegistryEntry() {
        String name = TestSessions.unique("close");
        Path socket = Path.of("/tmp/texlink", name + ".sock");
        runner.withPropertyValues("texlink.servers.cam.name=" + name, "texlink.servers.cam.frame.width=64",
                "texlink.servers.cam.frame.height=64").run(context -> {
            assertThat(Files.exists(socket)).isTrue();
            assertThat(context.getBean(TexlinkServer.class).options().registry().lookup(name)).isPresent();
        });
        assertThat(Files.exists(socket)).isFalse();
        assertThat(io.texlink.registry.NameRegistry.atDefaultLocation().lookup(name)).isEmpty();
    }

    @Test
    void anExplicitSocketGivesTheSessionTheFilesName() throws Exception {
        Path dir = Files.createTempDirectory("texlink-sb");
        Path socket = dir.resolve("side.sock");
        runner.withPropertyValues("texlink.servers.cam.socket=" + socket, "texlink.servers.cam.announce=false",
                "texlink.servers.cam.frame.width=64", "texlink.servers.cam.frame.height=64").run(context -> {
            TexlinkServer server = context.getBean(TexlinkServer.class);
            assertThat(server.options().socketPath()).isEqualTo(socket);
            assertThat(server.options().name()).isEqualTo("side");
            assertThat(Files.exists(socket)).isTrue();
        });
        Files.deleteIfExists(dir);
    }

    @Test
    void nameAndSocketTogetherAreRefused() {
        runner.withPropertyValues("texlink.servers.cam.name=x", "texlink.servers.cam.socket=/tmp/x.sock")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("texlink.servers.cam.socket")
                        .hasMessageContaining("set either texlink.servers.cam.name or texlink.servers.cam.socket"));
    }

    @Test
    void severalServersHaveNoPlainServerBean() {
        String a = TestSessions.unique("a");
        String b = TestSessions.unique("b");
        runner.withPropertyValues("texlink.servers.a.name=" + a, "texlink.servers.a.announce=false",
                "texlink.servers.a.frame.width=64", "texlink.servers.a.frame.height=64",
                "texlink.servers.b.name=" + b, "texlink.servers.b.announce=false",
                "texlink.servers.b.frame.type=raw", "texlink.servers.b.frame.size=4KB").run(context -> {
            assertThat(context).hasSingleBean(TexlinkServers.class).doesNotHaveBean(TexlinkServer.class);
            TexlinkServers servers = context.getBean(TexlinkServers.class);
            assertThat(servers.names()).containsExactly("a", "b");
            assertThat(servers.get("b").meta().descriptor().type()).isEqualTo(FrameType.RAW);
            assertThat(servers.get("b").meta().descriptor().size()).isEqualTo(4096);
            assertThat(servers.get("a").state()).isEqualTo(ConnectionState.LISTENING);
        });
    }

    @Test
    void textureShapesMapToTheirDescriptors() {
        runner.withPropertyValues("texlink.servers.cube.name=" + TestSessions.unique("cube"), "texlink.servers.cube.announce=false",
                "texlink.servers.cube.frame.type=texture-cube", "texlink.servers.cube.frame.width=32",
                "texlink.servers.cube.frame.height=32",
                "texlink.servers.vol.name=" + TestSessions.unique("vol"), "texlink.servers.vol.announce=false",
                "texlink.servers.vol.frame.type=texture-3d", "texlink.servers.vol.frame.width=16",
                "texlink.servers.vol.frame.height=16", "texlink.servers.vol.frame.depth=4",
                "texlink.servers.vol.frame.format=r8").run(context -> {
            TexlinkServers servers = context.getBean(TexlinkServers.class);
            assertThat(servers.get("cube").meta().descriptor().layers()).isEqualTo(6);
            assertThat(servers.get("vol").meta().descriptor().size()).isEqualTo(16 * 16 * 4);
        });
    }

    @Test
    void anImpossibleFrameFailsNamingTheProperty() {
        runner.withPropertyValues("texlink.servers.cam.frame.width=0")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("texlink.servers.cam.frame").hasMessageContaining("width 0"));
        runner.withPropertyValues("texlink.servers.cam.frame.type=texture-cube", "texlink.servers.cam.frame.width=32")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("cube faces are square"));
        runner.withPropertyValues("texlink.servers.cam.frame.type=compute-buffer")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("needs size (bytes)"));
    }

    @Test
    void aBufferCountOutsideOneToThreeFailsNamingTheProperty() {
        runner.withPropertyValues("texlink.servers.cam.buffers=4")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("texlink.servers.cam.buffers").hasMessageContaining("1, 2 or 3"));
    }

    @Test
    void maxClientsOutOfRangeFailsNamingTheSession() {
        runner.withPropertyValues("texlink.servers.cam.max-clients=0")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("texlink.servers.cam").hasMessageContaining("maxClients must be 1..64"));
    }

    @Test
    void theOnlyFrameProducerIsCalledAtThePublishRateWithTheFrameIds() {
        runner.withUserConfiguration(RecordingProducer.class)
                .withPropertyValues("texlink.servers.cam.name=" + TestSessions.unique("rate"), "texlink.servers.cam.announce=false",
                        "texlink.servers.cam.frame.width=64", "texlink.servers.cam.frame.height=64",
                        "texlink.servers.cam.publish-rate=200").run(context -> {
                    List<Long> ids = context.getBean(RecordingProducer.class).ids;
                    await().atMost(Duration.ofSeconds(10)).until(() -> ids.size() >= 20);
                    assertThat(List.copyOf(ids).subList(0, 20)).isEqualTo(java.util.stream.LongStream.rangeClosed(1, 20).boxed().toList());
                    assertThat(context.getBean(TexlinkServer.class).stats().framesPublished()).isGreaterThanOrEqualTo(20);
                });
    }

    @Test
    void producersPairWithServersByBeanName() {
        runner.withUserConfiguration(TwoProducers.class)
                .withPropertyValues("texlink.servers.left.name=" + TestSessions.unique("l"), "texlink.servers.left.announce=false",
                        "texlink.servers.left.frame.width=8", "texlink.servers.left.frame.height=8",
                        "texlink.servers.right.name=" + TestSessions.unique("r"), "texlink.servers.right.announce=false",
                        "texlink.servers.right.frame.width=16", "texlink.servers.right.frame.height=16",
                        "texlink.servers.right.publish-rate=100", "texlink.servers.left.publish-rate=100").run(context -> {
                    TwoProducers producers = context.getBean(TwoProducers.class);
                    await().atMost(Duration.ofSeconds(10)).until(() -> producers.leftWidths.size() > 3 && producers.rightWidths.size() > 3);
                    assertThat(producers.leftWidths).containsOnly(8);
                    assertThat(producers.rightWidths).containsOnly(16);
                });
    }

    @Test
    void aProducerThatFitsNoServerFailsStartup() {
        runner.withUserConfiguration(TwoProducers.class)
                .withPropertyValues("texlink.servers.left.announce=false", "texlink.servers.left.frame.width=8",
                        "texlink.servers.left.frame.height=8", "texlink.servers.center.announce=false")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("FrameProducer bean(s) [right] fit no session under texlink.servers [left, center]"));
    }

    @Test
    void aProducerNeedsAPositivePublishRate() {
        runner.withUserConfiguration(RecordingProducer.class)
                .withPropertyValues("texlink.servers.cam.announce=false", "texlink.servers.cam.publish-rate=0")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("texlink.servers.cam.publish-rate must be above 0"));
    }

    @Test
    void aFailingProducerStopsPublishingAndIsReported() {
        runner.withUserConfiguration(FailingProducer.class)
                .withPropertyValues("texlink.servers.cam.name=" + TestSessions.unique("fail"), "texlink.servers.cam.announce=false",
                        "texlink.servers.cam.frame.width=8", "texlink.servers.cam.frame.height=8").run(context -> {
                    TexlinkServers servers = context.getBean(TexlinkServers.class);
                    await().atMost(Duration.ofSeconds(10)).until(() -> servers.producerFailure("cam").isPresent());
                    assertThat(servers.producerFailure("cam").get()).hasMessage("no pixels today");
                    assertThat(servers.get("cam").stats().framesPublished()).isZero();
                });
    }

    @Test
    void aUserServersBeanReplacesTheAutoConfiguredOne() {
        runner.withUserConfiguration(OwnServers.class).withPropertyValues("texlink.servers.cam.frame.width=8")
                .run(context -> {
                    assertThat(context.getBean(TexlinkServers.class)).isSameAs(context.getBean("ownServers"));
                    assertThat(context).doesNotHaveBean(TexlinkServer.class);
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class RecordingProducer {
        final List<Long> ids = new CopyOnWriteArrayList<>();

        @Bean
        FrameProducer anyName() {
            return (frame, id) -> ids.add(id);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class TwoProducers {
        final List<Integer> leftWidths = new CopyOnWriteArrayList<>();
        final List<Integer> rightWidths = new CopyOnWriteArrayList<>();

        @Bean
        FrameProducer left() {
            return (frame, id) -> leftWidths.add(frame.descriptor().width());
        }

        @Bean
        FrameProducer right() {
            return (frame, id) -> rightWidths.add(frame.descriptor().width());
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class FailingProducer {
        @Bean
        FrameProducer cam() {
            return (frame, id) -> {
                throw new IllegalStateException("no pixels today");
            };
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnServers {
        @Bean
        TexlinkServers ownServers() {
            return new TexlinkServers(List.of(), java.util.Map.of());
        }
    }
}
