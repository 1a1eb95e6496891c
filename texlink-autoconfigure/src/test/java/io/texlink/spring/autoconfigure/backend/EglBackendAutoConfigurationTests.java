package io.texlink.spring.autoconfigure.backend;

import io.texlink.AcquiredFrame;
import io.texlink.FrameDescriptor;
import io.texlink.FrameType;
import io.texlink.HandleType;
import io.texlink.PixelFormat;
import io.texlink.egl.EglContext;
import io.texlink.egl.EglFrameAllocator;
import io.texlink.egl.EglFrameImporter;
import io.texlink.egl.EglTestSupport;
import io.texlink.egl.EglTexture;
import io.texlink.pattern.TestPattern;
import io.texlink.spring.FrameConsumer;
import io.texlink.spring.FrameProducer;
import io.texlink.spring.autoconfigure.TestSessions;
import io.texlink.spring.autoconfigure.TexlinkClientAutoConfiguration;
import io.texlink.spring.autoconfigure.TexlinkProperties;
import io.texlink.spring.autoconfigure.TexlinkServerAutoConfiguration;
import io.texlink.spring.backend.BackendType;
import io.texlink.spring.backend.EglBackend;
import io.texlink.spring.backend.TexlinkBackend;
import io.texlink.testing.SecondJvm;
import io.texlink.vulkan.ImageTiling;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.condition.ConditionEvaluationReport;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The EGL backend bean under each of its conditions, on this machine's real EGL and Vulkan drivers
 * (Mesa llvmpipe and lavapipe in CI). Tests that need a context that shares memory with Vulkan skip,
 * saying why, where there is none; the no-EGL outcome itself is checked in a second JVM whose LWJGL
 * looks for an EGL library that does not exist.
 */
class EglBackendAutoConfigurationTests {
    private static final String EGL = BackendConfigurations.class.getName() + "$Egl";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TexlinkBackendAutoConfiguration.class));

    @Test
    void autoNeverPicksEglAndTheReportSaysHowToSelectIt() {
        runner.run(context -> {
            assertThat(context).doesNotHaveBean(EglBackend.class);
            assertThat(context.getBean(TexlinkBackend.class).type()).isNotEqualTo(BackendType.EGL);
            var outcomes = ConditionEvaluationReport.get(context.getBeanFactory()).getConditionAndOutcomesBySource().get(EGL);
            assertThat(outcomes.isFullMatch()).isFalse();
            assertThat(outcomes).anySatisfy(o -> assertThat(o.getOutcome().getMessage())
                    .contains("texlink.backend is auto, which does not pick EGL: set texlink.backend=egl to use it"));
        });
        assertThat(BackendType.EGL.implemented()).isTrue();
        assertThat(BackendType.EGL.pickedByAuto()).isFalse();
    }

    @Test
    void eglPropertiesBindWithTheirDefaults() {
        runner.withPropertyValues("texlink.backend=cpu").run(context -> {
            TexlinkProperties.Egl egl = context.getBean(TexlinkProperties.class).getEgl();
            assertThat(egl.getPlatform()).isEqualTo(EglContext.Platform.AUTO);
            assertThat(egl.getTiling()).isEqualTo(ImageTiling.OPTIMAL);
            assertThat(egl.getMemoryHandle()).isEqualTo(EglFrameAllocator.MemoryHandle.AUTO);
            assertThat(egl.getSync()).isEqualTo(EglFrameAllocator.SyncMode.AUTO);
        });
        runner.withPropertyValues("texlink.backend=cpu", "texlink.egl.platform=surfaceless", "texlink.egl.tiling=linear",
                "texlink.egl.memory-handle=dma-buf", "texlink.egl.sync=gl-finish").run(context -> {
            TexlinkProperties.Egl egl = context.getBean(TexlinkProperties.class).getEgl();
            assertThat(egl.getPlatform()).isEqualTo(EglContext.Platform.SURFACELESS);
            assertThat(egl.getTiling()).isEqualTo(ImageTiling.LINEAR);
            assertThat(egl.getMemoryHandle()).isEqualTo(EglFrameAllocator.MemoryHandle.DMA_BUF);
            assertThat(egl.getSync()).isEqualTo(EglFrameAllocator.SyncMode.GL_FINISH);
        });
    }

    @Test
    void anUnknownPlatformFailsNamingTheProperty() {
        runner.withPropertyValues("texlink.backend=cpu", "texlink.egl.platform=wayland")
                .run(context -> assertThat(context).getFailure().hasStackTraceContaining("texlink.egl.platform")
                        .hasStackTraceContaining("wayland"));
    }

    @Test
    void eglBackendBuildsAllocatorsAndImportersOnOneContextWithTheProperties() {
        EglTestSupport.interopOrSkip(FrameType.TEXTURE_2D);
        AtomicReference<EglContext> used = new AtomicReference<>();
        runner.withPropertyValues("texlink.backend=egl", "texlink.egl.memory-handle=opaque-fd", "texlink.egl.sync=gl-finish")
                .run(context -> {
                    EglBackend backend = context.getBean(EglBackend.class);
                    used.set(backend.context());
                    assertThat(backend.type()).isEqualTo(BackendType.EGL);
                    assertThat(report(context)).anySatisfy(o -> assertThat(o)
                            .startsWith("@ConditionalOnEglContext texlink created an EGL context: "));
                    try (EglFrameAllocator allocator = backend.newAllocator(); EglFrameImporter importer = backend.newImporter()) {
                        assertThat(allocator.context()).isSameAs(backend.context());
                        assertThat(importer.context()).isSameAs(backend.context());
                        assertThat(allocator.handleType()).isEqualTo(HandleType.OPAQUE_FD);
                        assertThat(allocator.syncMode()).isEqualTo(EglFrameAllocator.SyncMode.GL_FINISH);
                        try (EglTexture texture = (EglTexture) allocator.allocate(0,
                                FrameDescriptor.texture2d(64, 16, PixelFormat.ABGR8888)); Arena arena = Arena.ofConfined()) {
                            TestPattern pattern = new TestPattern(texture.hostDescriptor());
                            MemorySegment written = arena.allocate(texture.hostSize());
                            pattern.fill(written, 7);
                            texture.upload(written);
                            MemorySegment read = arena.allocate(texture.hostSize());
                            texture.download(read);
                            assertThat(pattern.verify(read, 7, true)).as("the texture read back").isNull();
                        }
                    }
                    assertThat(backend.context().liveObjects()).as("GL objects left alive").isEmpty();
                });
        assertThatThrownBy(() -> EglFrameAllocator.builder(used.get()).build())
                .as("the backend's own context is closed with the application context")
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("is closed");
    }

    @Test
    void anApplicationEglContextBeanIsUsedAndLeftOpen() {
        try (EglContext own = EglTestSupport.contextOrSkip()) {
            runner.withPropertyValues("texlink.backend=egl")
                    .withBean(EglContext.class, () -> own, definition -> definition.setDestroyMethodName(""))
                    .run(context -> assertThat(context.getBean(EglBackend.class).context()).isSameAs(own));
            EglFrameImporter.builder(own).build().close(); // still open: the backend did not close it
            assertThat(own.liveObjects()).isEmpty();
        }
    }

    @Test
    void forcedTimelineSyncWorksOnlyWhereGlSharesTimelineSemaphores() {
        EglTestSupport.interopOrSkip(FrameType.TEXTURE_2D);
        boolean timelines;
        try (EglContext gl = EglContext.create()) {
            timelines = gl.capabilities().timelineSemaphores();
        }
        runner.withPropertyValues("texlink.backend=egl", "texlink.egl.sync=timeline-semaphore").run(context -> {
            if (timelines) {
                try (EglFrameAllocator allocator = context.getBean(EglBackend.class).newAllocator()) {
                    assertThat(allocator.syncMode()).isEqualTo(EglFrameAllocator.SyncMode.TIMELINE_SEMAPHORE);
                }
            } else {
                assertThat(context).getFailure().rootCause().isInstanceOf(InvalidConfigurationPropertyValueException.class)
                        .hasMessageContaining("texlink.egl.sync").hasMessageContaining("GL_NV_timeline_semaphore");
            }
        });
    }

    /** A server and a client of one session in one application, both on the EGL backend: GL frames flow and verify. */
    @Test
    void glFramesFlowFromTheProducerBeanToTheConsumerBean() {
        EglTestSupport.interopOrSkip(FrameType.TEXTURE_2D);
        String name = TestSessions.unique("egl");
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(TexlinkBackendAutoConfiguration.class,
                        TexlinkServerAutoConfiguration.class, TexlinkClientAutoConfiguration.class))
                .withUserConfiguration(GlPatternPair.class)
                .withPropertyValues("texlink.backend=egl", "texlink.servers.cam.name=" + name,
                        "texlink.servers.cam.announce=false", "texlink.servers.cam.frame.width=96",
                        "texlink.servers.cam.frame.height=64", "texlink.servers.cam.publish-rate=120",
                        "texlink.clients.cam.socket=/tmp/texlink/" + name + ".sock",
                        "texlink.clients.cam.reconnect.initial-backoff=20ms")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    GlPatternPair pair = context.getBean(GlPatternPair.class);
                    await().atMost(Duration.ofSeconds(30)).until(() -> pair.verified.get() >= 30);
                    assertThat(pair.errors).isEmpty();
                });
    }

    /** Without an EGL library the probe says so: auto is unaffected, egl stops startup with the probe's reason. */
    @Test
    void withoutAnEglLibraryEglStopsStartupWithTheProbesReason() {
        try (SecondJvm jvm = SecondJvm.start(List.of("-Dorg.lwjgl.egl.libname=libEGL-not-installed.so.1"),
                SelectedBackendMain.class, "egl", "Egl")) {
            assertThat(jvm.awaitExit(Duration.ofSeconds(60))).as(jvm.output()).isZero();
            assertThat(jvm.output())
                    .contains("AUTO texlink ")
                    .contains("AUTO REPORT @ConditionalOnBackend egl texlink.backend is auto, which does not pick EGL:"
                            + " set texlink.backend=egl to use it")
                    .contains("EGL FAILED texlink.backend=egl cannot be used: @ConditionalOnEglContext texlink cannot create"
                            + " an EGL context here: no EGL library here");
        }
    }

    /** Uploads the test pattern into each GL texture and downloads and checks it on the consumer side. */
    @Configuration(proxyBeanMethods = false)
    static class GlPatternPair {
        final AtomicLong verified = new AtomicLong();
        final List<String> errors = new CopyOnWriteArrayList<>();

        @Bean
        FrameProducer cam() {
            return (frame, id) -> {
                EglTexture texture = (EglTexture) frame.buffer();
                MemorySegment pixels = Arena.ofAuto().allocate(texture.hostSize());
                new TestPattern(texture.hostDescriptor()).fill(pixels, id);
                texture.upload(pixels);
            };
        }

        @Bean
        FrameConsumer verifier() {
            return (AcquiredFrame frame) -> {
                EglTexture texture = (EglTexture) frame.buffer();
                MemorySegment pixels = Arena.ofAuto().allocate(texture.hostSize());
                texture.download(pixels);
                String wrong = new TestPattern(texture.hostDescriptor()).verify(pixels, frame.frameId(), true);
                if (wrong != null) {
                    errors.add(wrong);
                }
                verified.incrementAndGet();
            };
        }
    }

    private static List<String> report(AssertableApplicationContext context) {
        return ConditionEvaluationReport.get(context.getBeanFactory()).getConditionAndOutcomesBySource().get(EGL).stream()
                .map(o -> o.getOutcome().getMessage()).toList();
    }
}
