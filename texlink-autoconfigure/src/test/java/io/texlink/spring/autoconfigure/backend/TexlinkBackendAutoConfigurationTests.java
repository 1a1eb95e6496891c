package io.texlink.spring.autoconfigure.backend;

import io.texlink.backend.FrameAllocator;
import io.texlink.backend.FrameImporter;
import io.texlink.cpu.CpuFrameImporter;
import io.texlink.spring.backend.BackendType;
import io.texlink.spring.backend.CpuBackend;
import io.texlink.spring.backend.TexlinkBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.condition.ConditionEvaluationReport;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;

import static org.assertj.core.api.Assertions.assertThat;

class TexlinkBackendAutoConfigurationTests {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(TexlinkBackendAutoConfiguration.class));

    @Test
    void autoIsTheDefaultAndPicksCpuWithoutAGpuBinding() {
        runner.withClassLoader(new FilteredClassLoader("org.lwjgl", "jcuda")).run(context -> {
            assertThat(context).hasSingleBean(TexlinkBackend.class);
            assertThat(context.getBean(TexlinkBackend.class)).isInstanceOf(CpuBackend.class);
            assertThat(context.getBean(TexlinkBackend.class).type()).isEqualTo(BackendType.CPU);
        });
    }

    @Test
    void cpuBackendMakesWorkingAllocatorsAndImporters() {
        runner.withPropertyValues("texlink.backend=cpu").run(context -> {
            TexlinkBackend backend = context.getBean(TexlinkBackend.class);
            try (FrameAllocator allocator = backend.newAllocator(); FrameImporter importer = backend.newImporter()) {
                assertThat(allocator.backend()).isEqualTo(io.texlink.Backend.CPU);
                assertThat(importer).isInstanceOf(CpuFrameImporter.class);
            }
        });
    }

    @Test
    void explicitCpuTurnsTheGpuBackendsOffByProperty() {
        runner.withPropertyValues("texlink.backend=cpu").run(context -> {
            var outcomes = ConditionEvaluationReport.get(context.getBeanFactory()).getConditionAndOutcomesBySource()
                    .get(BackendConfigurations.class.getName() + "$Vulkan");
            assertThat(outcomes).anySatisfy(o -> assertThat(o.getOutcome().getMessage()).contains("texlink.backend is cpu"));
        });
    }

    @Test
    void vulkanWithoutLwjglFailsNamingTheMissingClass() {
        runner.withPropertyValues("texlink.backend=vulkan").withClassLoader(new FilteredClassLoader("org.lwjgl.vulkan"))
                .run(context -> assertThat(context).getFailure().rootCause()
                        .isInstanceOf(BackendUnavailableException.class)
                        .hasMessageContaining("texlink.backend=vulkan cannot be used")
                        .hasMessageContaining("org.lwjgl.vulkan.VK"));
    }

    @Test
    void cudaWithoutJcudaFailsNamingTheMissingClass() {
        runner.withPropertyValues("texlink.backend=cuda").withClassLoader(new FilteredClassLoader("jcuda"))
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("texlink.backend=cuda cannot be used")
                        .hasMessageContaining("jcuda.driver.JCudaDriver"));
    }

    @Test
    void eglWithoutLwjglEglFailsNamingTheMissingClass() {
        runner.withPropertyValues("texlink.backend=egl").withClassLoader(new FilteredClassLoader("org.lwjgl.egl"))
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("org.lwjgl.egl.EGL"));
    }

    @Test
    void gpuBackendOffLinuxFailsNamingTheOs() {
        runner.withPropertyValues("texlink.backend=vulkan", "os.name=Windows 11")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("os.name is Windows 11; this backend needs Linux"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "d3d11", "d3d12" })
    void direct3dFailsAtStartupAsReservedForWindows(String backend) {
        runner.withPropertyValues("texlink.backend=" + backend)
                .run(context -> assertThat(context).getFailure().rootCause()
                        .isInstanceOf(BackendUnavailableException.class)
                        .hasMessageContaining("texlink.backend=" + backend)
                        .hasMessageContaining("reserved for Windows"));
    }

    @Test
    void unknownBackendValueFailsBinding() {
        runner.withPropertyValues("texlink.backend=opengl")
                .run(context -> assertThat(context).getFailure().hasStackTraceContaining("texlink.backend")
                        .hasStackTraceContaining("opengl"));
    }

    @Test
    void userBackendReplacesTheChoiceEvenForAnUnavailableSelection() {
        runner.withPropertyValues("texlink.backend=d3d11").withUserConfiguration(OwnBackend.class)
                .run(context -> assertThat(context.getBean(TexlinkBackend.class)).isSameAs(context.getBean("ownBackend")));
    }

    @Test
    void failureAnalysisTellsWhatToSet() {
        FailureAnalysis analysis = new BackendUnavailableFailureAnalyzer()
                .analyze(new BackendUnavailableException(BackendType.CUDA, "the dynamic linker cannot load libcuda.so.1"));
        assertThat(analysis.getDescription()).contains("texlink.backend is set to 'cuda'")
                .contains("the CUDA backend cannot be used: the dynamic linker cannot load libcuda.so.1");
        assertThat(analysis.getAction()).contains("'auto'").contains("'cpu'").contains("--debug");
    }

    @Test
    void nativeLibraryConditionLoadsPresentLibrariesAndReportsMissingOnes() {
        new ApplicationContextRunner().withUserConfiguration(LibraryProbes.class).run(context -> {
            assertThat(context).hasBean("libc").doesNotHaveBean("absent");
            var outcomes = ConditionEvaluationReport.get(context.getBeanFactory()).getConditionAndOutcomesBySource()
                    .get(LibraryProbes.class.getName() + "#absent");
            assertThat(outcomes).anySatisfy(o -> assertThat(o.getOutcome().getMessage())
                    .contains("the dynamic linker cannot load libtexlink-absent.so.9"));
        });
    }

    @SuppressWarnings("restricted") // the tests run with --enable-native-access=ALL-UNNAMED
    static boolean loadable(String library) {
        try (Arena arena = Arena.ofConfined()) {
            SymbolLookup.libraryLookup(library, arena);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnBackend {
        @Bean
        TexlinkBackend ownBackend() {
            return new CpuBackend();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class LibraryProbes {
        @Bean
        @ConditionalOnNativeLibrary("libc.so.6")
        String libc() {
            return "libc";
        }

        @Bean
        @ConditionalOnNativeLibrary("libtexlink-absent.so.9")
        String absent() {
            return "absent";
        }
    }
}
