package io.texlink.spring.autoconfigure.backend;

import io.texlink.AcquiredFrame;
import io.texlink.Backend;
import io.texlink.ClientOptions;
import io.texlink.FrameDescriptor;
import io.texlink.PixelFormat;
import io.texlink.TexlinkClient;
import io.texlink.backend.FrameAllocator;
import io.texlink.cuda.CudaAvailability;
import io.texlink.cuda.CudaContext;
import io.texlink.cuda.CudaExportedFrame;
import io.texlink.cuda.CudaFrame;
import io.texlink.cuda.CudaFrameAllocator;
import io.texlink.cuda.CudaFrameImporter;
import io.texlink.cuda.CudaImportedFrame;
import io.texlink.cuda.CudaMappedFrame;
import io.texlink.cuda.CudaMappedFrameAllocator;
import io.texlink.pattern.TestPattern;
import io.texlink.spring.FrameConsumer;
import io.texlink.spring.FrameProducer;
import io.texlink.spring.autoconfigure.TestSessions;
import io.texlink.spring.autoconfigure.TexlinkClientAutoConfiguration;
import io.texlink.spring.autoconfigure.TexlinkProperties;
import io.texlink.spring.autoconfigure.TexlinkServerAutoConfiguration;
import io.texlink.spring.backend.BackendType;
import io.texlink.spring.backend.CudaBackend;
import io.texlink.spring.backend.TexlinkBackend;
import io.texlink.testing.SecondJvm;
import io.texlink.vulkan.VulkanContext;
import io.texlink.vulkan.VulkanFrame;
import io.texlink.vulkan.VulkanFrameImporter;
import io.texlink.vulkan.VulkanImage;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.condition.ConditionEvaluationReport;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The CUDA backend bean under each of its conditions. Without a CUDA driver (CI): what a selected
 * CUDA backend reports, that {@code auto} never picks it, and how its properties bind. With one
 * ({@code @Tag("gpu")} tests, skipped with the probe's reason elsewhere): the backend on its own
 * and on the application's contexts, both producer memories, and frames that flow from a CUDA
 * producer bean to CUDA and Vulkan consumers.
 */
class CudaBackendAutoConfigurationTests {
    private static final String CUDA = BackendConfigurations.class.getName() + "$Cuda";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TexlinkBackendAutoConfiguration.class));

    @TempDir
    Path dir;

    /** The failure names the first condition that failed: the driver library where it is missing, else the probe. */
    @Test
    void withoutCudaTexlinkBackendCudaStopsStartupSayingWhy() {
        CudaAvailability cuda = CudaAvailability.check();
        Assumptions.assumeFalse(cuda.available(), () -> "CUDA works here; this test covers machines without it: " + cuda.reason());
        String reason = TexlinkBackendAutoConfigurationTests.loadable("libcuda.so.1")
                ? "@ConditionalOnCudaDevice texlink cannot use CUDA here: " + cuda.reason()
                : "@ConditionalOnNativeLibrary libcuda.so.1 the dynamic linker cannot load libcuda.so.1 (is the driver installed?)";
        runner.withPropertyValues("texlink.backend=cuda").run(context -> {
            assertThat(context).getFailure().rootCause().isInstanceOf(BackendUnavailableException.class)
                    .hasMessage("texlink.backend=cuda cannot be used: " + reason);
            FailureAnalysis analysis = new BackendUnavailableFailureAnalyzer()
                    .analyze((BackendUnavailableException) rootCause(context.getStartupFailure()));
            assertThat(analysis.getDescription()).isEqualTo("texlink.backend is set to 'cuda', but the CUDA backend cannot be"
                    + " used: " + reason);
        });
    }

    /**
     * A {@code libcuda.so.1} that loads but is no CUDA driver (a JDK library under that name): the
     * library condition matches, and the failure carries {@link CudaAvailability}'s reason. The
     * second JVM binds symbols at load ({@code LD_BIND_NOW}), so that JCuda's native library fails
     * to load instead of the JVM dying at its first call into the missing driver.
     */
    @Test
    void aDriverLibraryWithoutCudaStopsStartupWithTheProbesReason() throws IOException {
        Path fakeDriver = Files.createSymbolicLink(dir.resolve("libcuda.so.1"),
                Path.of(System.getProperty("java.home"), "lib", "libzip.so"));
        try (SecondJvm jvm = SecondJvm.launch(List.of("env", "LD_LIBRARY_PATH=" + fakeDriver.getParent(), "LD_BIND_NOW=1"),
                List.of(), System.getProperty("java.class.path"), SelectedBackendMain.class, "cuda", "Cuda")) {
            assertThat(jvm.awaitExit(Duration.ofSeconds(60))).as(jvm.output()).isZero();
            assertThat(jvm.output())
                    .contains("AUTO texlink ")
                    .doesNotContain("AUTO texlink CUDA backend")
                    .contains("AUTO REPORT @ConditionalOnBackend cuda texlink.backend is auto, which does not pick CUDA:"
                            + " set texlink.backend=cuda to use it")
                    .contains("CUDA FAILED texlink.backend=cuda cannot be used: @ConditionalOnCudaDevice texlink cannot use"
                            + " CUDA here: JCuda's native library does not load: ");
        }
    }

    @Test
    void autoNeverPicksCudaAndTheReportSaysHowToSelectIt() {
        runner.run(context -> {
            assertThat(context).doesNotHaveBean(CudaBackend.class);
            assertThat(context.getBean(TexlinkBackend.class).type()).isNotEqualTo(BackendType.CUDA);
            var outcomes = ConditionEvaluationReport.get(context.getBeanFactory()).getConditionAndOutcomesBySource().get(CUDA);
            assertThat(outcomes.isFullMatch()).isFalse();
            assertThat(outcomes).anySatisfy(o -> assertThat(o.getOutcome().getMessage())
                    .contains("texlink.backend is auto, which does not pick CUDA: set texlink.backend=cuda to use it"));
        });
        assertThat(BackendType.CUDA.implemented()).isTrue();
        assertThat(BackendType.CUDA.pickedByAuto()).isFalse();
    }

    @Test
    void cudaPropertiesBindWithTheirDefaults() {
        runner.withPropertyValues("texlink.backend=cpu").run(context -> {
            TexlinkProperties.Cuda cuda = context.getBean(TexlinkProperties.class).getCuda();
            assertThat(cuda.getDevice()).isZero();
            assertThat(cuda.getProducerMemory()).isEqualTo(CudaBackend.ProducerMemory.CUDA);
        });
        runner.withPropertyValues("texlink.backend=cpu", "texlink.cuda.device=1", "texlink.cuda.producer-memory=vulkan")
                .run(context -> {
                    TexlinkProperties.Cuda cuda = context.getBean(TexlinkProperties.class).getCuda();
                    assertThat(cuda.getDevice()).isOne();
                    assertThat(cuda.getProducerMemory()).isEqualTo(CudaBackend.ProducerMemory.VULKAN);
                });
    }

    @Test
    void aNegativeDeviceOrdinalFailsNamingTheProperty() {
        runner.withPropertyValues("texlink.backend=cpu", "texlink.cuda.device=-1")
                .run(context -> assertThat(context).getFailure().rootCause().isInstanceOf(IllegalArgumentException.class)
                        .hasMessage("texlink.cuda.device is a CUDA device ordinal, 0 or more (0 is the first GPU), got -1"));
    }

    @Test
    void anUnknownProducerMemoryFailsNamingTheProperty() {
        runner.withPropertyValues("texlink.backend=cpu", "texlink.cuda.producer-memory=opengl")
                .run(context -> assertThat(context).getFailure().hasStackTraceContaining("texlink.cuda.producer-memory")
                        .hasStackTraceContaining("opengl"));
    }

    // ---- on a CUDA GPU

    @Test
    @Tag("gpu")
    void theBackendOpensItsOwnContextBuildsCudaAllocatorsAndImportersOnItAndClosesIt() {
        requireCuda();
        AtomicReference<CudaBackend> used = new AtomicReference<>();
        runner.withPropertyValues("texlink.backend=cuda").run(context -> {
            CudaBackend backend = context.getBean(CudaBackend.class);
            used.set(backend);
            System.out.println("BACKEND " + backend);
            assertThat(backend.type()).isEqualTo(BackendType.CUDA);
            assertThat(backend.producerMemory()).isEqualTo(CudaBackend.ProducerMemory.CUDA);
            assertThat(backend.vulkanContext()).isEmpty();
            assertThat(backend.context().device().ordinal()).isZero();
            try (FrameAllocator allocator = backend.newAllocator(); CudaFrameImporter importer = backend.newImporter()) {
                assertThat(allocator).isInstanceOf(CudaFrameAllocator.class);
                assertThat(((CudaFrameAllocator) allocator).context()).isSameAs(backend.context());
                assertThat(importer.context()).isSameAs(backend.context());
            }
            assertThat(report(context)).anySatisfy(o -> assertThat(o).startsWith("@ConditionalOnCudaDevice CUDA driver "));
        });
        assertThat(used.get().context()).as("closed with the application context").hasToString(
                "CudaContext[" + used.get().context().device() + ", closed]");
    }

    @Test
    @Tag("gpu")
    void aDeviceThisMachineLacksStopsStartupNamingTheProperty() {
        requireCuda();
        runner.withPropertyValues("texlink.backend=cuda", "texlink.cuda.device=99")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                        .hasMessageContaining("texlink.cuda.device").hasMessageContaining("the CUDA driver sees"));
    }

    @Test
    @Tag("gpu")
    void theApplicationsContextsAreUsedAndLeftOpen() {
        requireCuda();
        try (CudaContext cuda = CudaContext.open(0);
             VulkanContext vulkan = VulkanContext.create(new VulkanContext.Options(false,
                     Optional.of(cuda.identity()), "test"))) {
            runner.withPropertyValues("texlink.backend=cuda", "texlink.cuda.producer-memory=vulkan")
                    .withBean(CudaContext.class, () -> cuda, definition -> definition.setDestroyMethodName(""))
                    .withBean(VulkanContext.class, () -> vulkan, definition -> definition.setDestroyMethodName(""))
                    .run(context -> {
                        CudaBackend backend = context.getBean(CudaBackend.class);
                        assertThat(backend.context()).isSameAs(cuda);
                        assertThat(backend.vulkanContext()).containsSame(vulkan);
                    });
            assertThat(cuda.toString()).doesNotContain("closed");
            CudaFrameAllocator.builder(cuda).build().close(); // still usable
            assertThat(vulkan.liveObjects()).isEmpty();
        }
    }

    /**
     * A server and a client of one session in one application on the CUDA backend: the producer
     * bean uploads the test pattern into each frame, the consumer bean downloads and checks it.
     * With Vulkan producer memory a Vulkan consumer in another connection checks the frames too.
     */
    @ParameterizedTest
    @EnumSource(CudaBackend.ProducerMemory.class)
    @Tag("gpu")
    void framesFlowFromTheProducerBeanToTheConsumers(CudaBackend.ProducerMemory memory) {
        requireCuda();
        String name = TestSessions.unique("cuda");
        Path socket = Path.of("/tmp/texlink", name + ".sock");
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(TexlinkBackendAutoConfiguration.class,
                        TexlinkServerAutoConfiguration.class, TexlinkClientAutoConfiguration.class))
                .withUserConfiguration(CudaPatternPair.class)
                .withPropertyValues("texlink.backend=cuda", "texlink.cuda.producer-memory=" + memory,
                        "texlink.servers.cam.name=" + name, "texlink.servers.cam.announce=false",
                        "texlink.servers.cam.frame.width=96", "texlink.servers.cam.frame.height=64",
                        "texlink.servers.cam.publish-rate=120", "texlink.clients.cam.socket=" + socket,
                        "texlink.clients.cam.reconnect.initial-backoff=20ms")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    CudaPatternPair pair = context.getBean(CudaPatternPair.class);
                    await().atMost(Duration.ofSeconds(30)).until(() -> pair.verified.get() >= 30);
                    assertThat(pair.errors).isEmpty();
                    assertThat(pair.written).containsOnly(memory == CudaBackend.ProducerMemory.VULKAN
                            ? CudaMappedFrame.class : CudaExportedFrame.class);
                    assertThat(pair.producers).containsOnly(memory == CudaBackend.ProducerMemory.VULKAN
                            ? Backend.VULKAN : Backend.CUDA);
                    if (memory == CudaBackend.ProducerMemory.VULKAN) {
                        assertThat(verifiedByVulkan(socket, 10)).isEqualTo(10);
                    }
                });
    }

    /** Connects a Vulkan consumer to {@code socket} and checks {@code frames} frames against the test pattern. */
    private static int verifiedByVulkan(Path socket, int frames) {
        ClientOptions options = ClientOptions.builderForSocket(socket).registry(null).connectTimeout(Duration.ofSeconds(10))
                .importer(() -> VulkanFrameImporter.builder(VulkanContext.Options.defaults()).build()).build();
        int verified = 0;
        try (TexlinkClient client = TexlinkClient.connect(options); Arena arena = Arena.ofConfined()) {
            while (verified < frames) {
                AcquiredFrame frame = client.tryAcquireFrame(Duration.ofSeconds(10).toNanos());
                assertThat(frame).as("a frame for the Vulkan consumer").isNotNull();
                VulkanImage image = (VulkanImage) frame.buffer();
                MemorySegment pixels = arena.allocate(image.hostSize());
                image.download(pixels);
                assertThat(new TestPattern(image.hostDescriptor()).verify(pixels, frame.frameId(), true))
                        .as("frame %d in Vulkan", frame.frameId()).isNull();
                client.releaseFrame(frame);
                verified++;
            }
        }
        return verified;
    }

    /** Uploads the test pattern into each CUDA frame and downloads and checks it on the consumer side. */
    @Configuration(proxyBeanMethods = false)
    static class CudaPatternPair {
        final AtomicLong verified = new AtomicLong();
        final List<String> errors = new CopyOnWriteArrayList<>();
        final Set<Class<?>> written = ConcurrentHashMap.newKeySet();
        final Set<Backend> producers = ConcurrentHashMap.newKeySet();

        @Bean
        FrameProducer cam() {
            return (frame, id) -> {
                CudaFrame cuda = (CudaFrame) frame.buffer();
                written.add(cuda.getClass());
                MemorySegment pixels = Arena.ofAuto().allocate(cuda.hostDescriptor().size());
                new TestPattern(cuda.hostDescriptor()).fill(pixels, id);
                cuda.upload(pixels);
            };
        }

        @Bean
        FrameConsumer verifier() {
            return (AcquiredFrame frame) -> {
                CudaImportedFrame cuda = (CudaImportedFrame) frame.buffer();
                producers.add(cuda.producerBackend());
                MemorySegment pixels = Arena.ofAuto().allocate(cuda.hostDescriptor().size());
                cuda.download(pixels);
                String wrong = new TestPattern(cuda.hostDescriptor()).verify(pixels, frame.frameId(), true);
                if (wrong != null) {
                    errors.add(wrong);
                }
                verified.incrementAndGet();
            };
        }
    }

    @Test
    @Tag("gpu")
    void vulkanProducerMemoryIsHandedOverVulkanFramesMappedIntoCuda() {
        requireCuda();
        runner.withPropertyValues("texlink.backend=cuda", "texlink.cuda.producer-memory=vulkan", "texlink.vulkan.tiling=linear")
                .run(context -> {
                    CudaBackend backend = context.getBean(CudaBackend.class);
                    System.out.println("BACKEND " + backend);
                    VulkanContext vulkan = backend.vulkanContext().orElseThrow();
                    assertThat(backend.context().device().sameDeviceAs(vulkan.identity())).isTrue();
                    try (FrameAllocator allocator = backend.newAllocator();
                         CudaMappedFrame frame = (CudaMappedFrame) allocator.allocate(0,
                                 FrameDescriptor.texture2d(64, 16, PixelFormat.ABGR8888))) {
                        assertThat(allocator).isInstanceOf(CudaMappedFrameAllocator.class);
                        assertThat(allocator.backend()).isEqualTo(Backend.VULKAN);
                        assertThat(frame.isArray()).as("linear tiling maps as linear memory").isFalse();
                        assertThat(frame.delegate()).isInstanceOf(VulkanFrame.class);
                    }
                    assertThat(vulkan.liveObjects()).as("Vulkan objects left alive").isEmpty();
                });
    }

    @Test
    @Tag("gpu")
    void withoutLwjglVulkanProducerMemoryStopsStartupNamingTheProperty() {
        requireCuda();
        runner.withPropertyValues("texlink.backend=cuda", "texlink.cuda.producer-memory=vulkan")
                .withClassLoader(new FilteredClassLoader("org.lwjgl"))
                .run(context -> assertThat(context).getFailure().rootCause()
                        .isInstanceOf(InvalidConfigurationPropertyValueException.class)
                        .hasMessageContaining("texlink.cuda.producer-memory").hasMessageContaining("need LWJGL"));
    }

    private static List<String> report(AssertableApplicationContext context) {
        return ConditionEvaluationReport.get(context.getBeanFactory()).getConditionAndOutcomesBySource().get(CUDA).stream()
                .map(o -> o.getOutcome().getMessage()).toList();
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    /** GPU tests: skipped with the probe's reason where CUDA does not work. */
    private static void requireCuda() {
        CudaAvailability cuda = CudaAvailability.check();
        if (!cuda.available()) {
            Assumptions.abort("no CUDA here (GPU test; runs on an NVIDIA GPU): " + cuda.reason());
        }
        System.out.println("CUDA: " + cuda.reason());
    }
}
