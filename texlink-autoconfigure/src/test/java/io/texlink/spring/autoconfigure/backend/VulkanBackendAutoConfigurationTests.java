package io.texlink.spring.autoconfigure.backend;

import io.texlink.AcquiredFrame;
import io.texlink.FrameDescriptor;
import io.texlink.HandleType;
import io.texlink.PixelFormat;
import io.texlink.backend.ExportedBuffer;
import io.texlink.pattern.TestPattern;
import io.texlink.spring.FrameConsumer;
import io.texlink.spring.FrameProducer;
import io.texlink.spring.autoconfigure.TestSessions;
import io.texlink.spring.autoconfigure.TexlinkClientAutoConfiguration;
import io.texlink.spring.autoconfigure.TexlinkServerAutoConfiguration;
import io.texlink.spring.backend.BackendType;
import io.texlink.spring.backend.CpuBackend;
import io.texlink.spring.backend.TexlinkBackend;
import io.texlink.spring.backend.VulkanBackend;
import io.texlink.testing.SecondJvm;
import io.texlink.vulkan.VulkanCapabilities;
import io.texlink.vulkan.VulkanContext;
import io.texlink.vulkan.VulkanFrameAllocator;
import io.texlink.vulkan.VulkanFrameImporter;
import io.texlink.vulkan.VulkanImage;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.condition.ConditionEvaluationReport;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The Vulkan backend bean under each of its conditions, on this machine's real Vulkan device
 * (lavapipe in CI). Tests that need a device skip, saying why, where texlink cannot create one;
 * the no-device outcome itself is checked in a second JVM that sees no Vulkan driver.
 */
class VulkanBackendAutoConfigurationTests {
    private static final String VULKAN = BackendConfigurations.class.getName() + "$Vulkan";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TexlinkBackendAutoConfiguration.class));

    @Test
    void autoPicksVulkanWhereTexlinkCanCreateADevice() {
        requireDevice();
        runner.run(context -> {
            assertThat(context.getBean(TexlinkBackend.class)).isInstanceOf(VulkanBackend.class);
            assertThat(context.getBean(TexlinkBackend.class).type()).isEqualTo(BackendType.VULKAN);
            var outcomes = report(context).get(VULKAN);
            assertThat(outcomes.isFullMatch()).isTrue();
            assertThat(outcomes).anySatisfy(o -> assertThat(o.getOutcome().getMessage())
                    .contains("texlink created a Vulkan device").contains("memory OPAQUE_FD"));
        });
    }

    @Test
    void autoPicksCpuWhereLwjglIsMissingAndTheReportSaysSo() {
        runner.withClassLoader(new FilteredClassLoader("org.lwjgl.vulkan")).run(context -> {
            assertThat(context.getBean(TexlinkBackend.class)).isInstanceOf(CpuBackend.class);
            assertThat(context).doesNotHaveBean(VulkanBackend.class);
            assertThat(report(context).get(VULKAN)).anySatisfy(o -> assertThat(o.getOutcome().getMessage())
                    .contains("did not find required class 'org.lwjgl.vulkan.VK'"));
        });
    }

    @Test
    void explicitCpuLeavesVulkanOffEvenWithADevice() {
        runner.withPropertyValues("texlink.backend=cpu").run(context -> {
            assertThat(context.getBean(TexlinkBackend.class)).isInstanceOf(CpuBackend.class);
            assertThat(context).doesNotHaveBean(VulkanBackend.class);
        });
    }

    @Test
    void vulkanBackendBuildsAllocatorsAndImportersOnOneContextWithTheProperties() {
        requireDevice();
        AtomicReference<VulkanContext> used = new AtomicReference<>();
        runner.withPropertyValues("texlink.backend=vulkan", "texlink.vulkan.tiling=linear",
                "texlink.vulkan.memory-handle=opaque-fd", "texlink.vulkan.sync=producer-fence").run(context -> {
            VulkanBackend backend = context.getBean(VulkanBackend.class);
            used.set(backend.context());
            try (VulkanFrameAllocator allocator = backend.newAllocator(); VulkanFrameImporter importer = backend.newImporter()) {
                assertThat(allocator.context()).isSameAs(backend.context());
                assertThat(importer.context()).isSameAs(backend.context());
                assertThat(allocator.syncMode()).isEqualTo(VulkanFrameAllocator.SyncMode.PRODUCER_FENCE);
                try (ExportedBuffer frame = allocator.allocate(0, FrameDescriptor.texture2d(64, 16, PixelFormat.ABGR8888))) {
                    assertThat(allocator.handleType()).isEqualTo(HandleType.OPAQUE_FD);
                    assertThat(frame.descriptor().stride()).as("linear tiling has a row pitch").isGreaterThanOrEqualTo(64 * 4);
                }
            }
            assertThat(backend.context().liveObjects()).as("Vulkan objects left alive").isEmpty();
            assertThat(ownerThreads()).as("the thread that created the context and will close it").isOne();
        });
        assertThatThrownBy(() -> VulkanFrameAllocator.builder(used.get()).build())
                .as("the backend's own context is closed with the application context")
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("is closed");
        await().atMost(Duration.ofSeconds(5)).until(() -> ownerThreads() == 0);
    }

    /** Live threads that own a backend's context (NVIDIA wants a device destroyed on the thread that created it). */
    private static long ownerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("texlink-vulkan-owner") && t.isAlive()).count();
    }

    @Test
    void anApplicationVulkanContextBeanIsUsedAndLeftOpen() {
        requireDevice();
        try (VulkanContext own = VulkanContext.create()) {
            runner.withPropertyValues("texlink.backend=vulkan")
                    .withBean(VulkanContext.class, () -> own, definition -> definition.setDestroyMethodName(""))
                    .run(context -> assertThat(context.getBean(VulkanBackend.class).context()).isSameAs(own));
            VulkanFrameAllocator.builder(own).build().close(); // still open: the backend did not close it
            assertThat(own.liveObjects()).isEmpty();
        }
    }

    @Test
    void validationRunsWhereTheLayerIsInstalledAndStopsStartupWhereNot() {
        requireDevice();
        runner.withPropertyValues("texlink.backend=vulkan", "texlink.vulkan.validation=true").run(context -> {
            if (VulkanContext.validationLayerInstalled()) {
                assertThat(context.getBean(VulkanBackend.class).context().capabilities().validation()).isTrue();
            } else {
                assertThat(context).getFailure().rootCause().isInstanceOf(InvalidConfigurationPropertyValueException.class)
                        .hasMessageContaining("texlink.vulkan.validation").hasMessageContaining("vulkan-validationlayers");
            }
        });
    }

    @Test
    void forcedTimelineSyncWorksOnlyWhereTheDeviceExportsTimelineSemaphores() {
        VulkanCapabilities device = deviceCapabilities();
        runner.withPropertyValues("texlink.backend=vulkan", "texlink.vulkan.sync=timeline-semaphore").run(context -> {
            if (device.exportableTimelineSemaphores()) {
                try (VulkanFrameAllocator allocator = context.getBean(VulkanBackend.class).newAllocator()) {
                    assertThat(allocator.syncMode()).isEqualTo(VulkanFrameAllocator.SyncMode.TIMELINE_SEMAPHORE);
                }
            } else {
                assertThat(context).getFailure().rootCause().isInstanceOf(InvalidConfigurationPropertyValueException.class)
                        .hasMessageContaining("texlink.vulkan.sync")
                        .hasMessageContaining("cannot export timeline semaphores");
            }
        });
    }

    @Test
    void forcedDmaBufWorksOnlyWhereTheDeviceExportsIt() {
        VulkanCapabilities device = deviceCapabilities();
        runner.withPropertyValues("texlink.backend=vulkan", "texlink.vulkan.memory-handle=dma-buf").run(context -> {
            if (device.dmaBufMemory()) {
                try (VulkanFrameAllocator allocator = context.getBean(VulkanBackend.class).newAllocator()) {
                    assertThat(allocator.handleType()).isEqualTo(HandleType.DMA_BUF_FD);
                }
            } else {
                assertThat(context).getFailure().rootCause().isInstanceOf(InvalidConfigurationPropertyValueException.class)
                        .hasMessageContaining("texlink.vulkan.memory-handle")
                        .hasMessageContaining("no VK_EXT_external_memory_dma_buf");
            }
        });
    }

    /** A server and a client of one session in one application, both on the Vulkan backend: GPU frames flow and verify. */
    @Test
    void vulkanFramesFlowFromTheProducerBeanToTheConsumerBean() {
        requireDevice();
        String name = TestSessions.unique("vk");
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(TexlinkBackendAutoConfiguration.class,
                        TexlinkServerAutoConfiguration.class, TexlinkClientAutoConfiguration.class))
                .withUserConfiguration(GpuPatternPair.class)
                .withPropertyValues("texlink.backend=vulkan", "texlink.servers.cam.name=" + name,
                        "texlink.servers.cam.announce=false", "texlink.servers.cam.frame.width=96",
                        "texlink.servers.cam.frame.height=64", "texlink.servers.cam.publish-rate=120",
                        "texlink.clients.cam.socket=/tmp/texlink/" + name + ".sock",
                        "texlink.clients.cam.reconnect.initial-backoff=20ms")
                .run(context -> {
                    GpuPatternPair pair = context.getBean(GpuPatternPair.class);
                    await().atMost(Duration.ofSeconds(30)).until(() -> pair.verified.get() >= 30);
                    assertThat(pair.errors).isEmpty();
                    assertThat(pair.kinds).containsOnly(VulkanImage.class);
                });
    }

    /** Without a Vulkan driver the probe answers no device: auto falls back to CPU, vulkan stops startup saying why. */
    @Test
    void withoutAVulkanDriverAutoFallsBackToCpuAndVulkanStopsStartupWithTheProbesReason() {
        String none = "/nonexistent/texlink-no-vulkan-driver.json";
        // The loader reads the driver list from these variables (VK_DRIVER_FILES since loader 1.3.207).
        try (SecondJvm jvm = SecondJvm.launch(List.of("env", "VK_ICD_FILENAMES=" + none, "VK_DRIVER_FILES=" + none),
                List.of(), System.getProperty("java.class.path"), SelectedBackendMain.class, "vulkan", "Vulkan")) {
            assertThat(jvm.awaitExit(Duration.ofSeconds(60))).as(jvm.output()).isZero();
            assertThat(jvm.output())
                    .contains("AUTO texlink CPU backend")
                    .contains("AUTO REPORT @ConditionalOnVulkanDevice texlink cannot create a Vulkan device here")
                    .contains("VULKAN FAILED texlink.backend=vulkan cannot be used: @ConditionalOnVulkanDevice"
                            + " texlink cannot create a Vulkan device here");
        }
    }

    /** Uploads the test pattern into each Vulkan frame and downloads and checks it on the consumer side. */
    @Configuration(proxyBeanMethods = false)
    static class GpuPatternPair {
        final AtomicLong verified = new AtomicLong();
        final List<String> errors = new CopyOnWriteArrayList<>();
        final Set<Class<?>> kinds = ConcurrentHashMap.newKeySet();

        @Bean
        FrameProducer cam() {
            return (frame, id) -> {
                VulkanImage image = (VulkanImage) frame.buffer();
                MemorySegment pixels = Arena.ofAuto().allocate(image.hostSize());
                new TestPattern(image.hostDescriptor()).fill(pixels, id);
                image.upload(pixels);
            };
        }

        @Bean
        FrameConsumer verifier() {
            return (AcquiredFrame frame) -> {
                kinds.add(frame.buffer().getClass());
                VulkanImage image = (VulkanImage) frame.buffer();
                MemorySegment pixels = Arena.ofAuto().allocate(image.hostSize());
                image.download(pixels);
                String wrong = new TestPattern(image.hostDescriptor()).verify(pixels, frame.frameId(), true);
                if (wrong != null) {
                    errors.add(wrong);
                }
                verified.incrementAndGet();
            };
        }
    }

    private static Map<String, ConditionEvaluationReport.ConditionAndOutcomes> report(AssertableApplicationContext context) {
        return ConditionEvaluationReport.get(context.getBeanFactory()).getConditionAndOutcomesBySource();
    }

    private static void requireDevice() {
        ProbeOutcome probe = VulkanDeviceProbe.outcome();
        Assumptions.assumeTrue(probe.usable(), () -> "no usable Vulkan device here: " + probe.reason());
    }

    /** What this machine's device can do, or the test is skipped where there is none. */
    private static VulkanCapabilities deviceCapabilities() {
        requireDevice();
        try (VulkanContext context = VulkanContext.create()) {
            return context.capabilities();
        }
    }
}
