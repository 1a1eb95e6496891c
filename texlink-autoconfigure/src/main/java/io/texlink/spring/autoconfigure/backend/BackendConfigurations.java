package io.texlink.spring.autoconfigure.backend;

import io.texlink.spring.backend.BackendType;
import io.texlink.spring.backend.CpuBackend;
import io.texlink.spring.backend.TexlinkBackend;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionEvaluationReport;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * One configuration per backend, imported by {@link TexlinkBackendAutoConfiguration} in order of
 * preference; the first whose conditions match provides the {@link TexlinkBackend} bean. Each GPU
 * backend needs its Java binding on the class path, Linux, its driver library, and
 * {@code texlink.backend} naming it. The engine has no GPU backend yet: a GPU backend whose
 * prerequisites are all met stops startup saying so, and {@code auto} does not consider it.
 */
final class BackendConfigurations {
    private BackendConfigurations() {
    }

    /** The configuration class of each backend whose conditions the failure message reports. */
    private static final Map<BackendType, Class<?>> CONFIGURATIONS = Map.of(
            BackendType.VULKAN, Vulkan.class,
            BackendType.CUDA, Cuda.class,
            BackendType.EGL, Egl.class,
            BackendType.CPU, Cpu.class);

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.lwjgl.vulkan.VK")
    @ConditionalOnBackend(BackendType.VULKAN)
    @ConditionalOnLinux
    @ConditionalOnNativeLibrary("libvulkan.so.1")
    static class Vulkan {
        @Bean
        @ConditionalOnMissingBean
        TexlinkBackend texlinkBackend() {
            throw notInThisBuild(BackendType.VULKAN);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "jcuda.driver.JCudaDriver")
    @ConditionalOnBackend(BackendType.CUDA)
    @ConditionalOnLinux
    @ConditionalOnNativeLibrary("libcuda.so.1")
    static class Cuda {
        @Bean
        @ConditionalOnMissingBean
        TexlinkBackend texlinkBackend() {
            throw notInThisBuild(BackendType.CUDA);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.lwjgl.egl.EGL")
    @ConditionalOnBackend(BackendType.EGL)
    @ConditionalOnLinux
    @ConditionalOnNativeLibrary("libEGL.so.1")
    static class Egl {
        @Bean
        @ConditionalOnMissingBean
        TexlinkBackend texlinkBackend() {
            throw notInThisBuild(BackendType.EGL);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBackend(BackendType.CPU)
    static class Cpu {
        @Bean
        @ConditionalOnMissingBean
        TexlinkBackend texlinkBackend() {
            return new CpuBackend();
        }
    }

    /** Last: no backend matched, so the selected one is unavailable; fail with the reasons. */
    @Configuration(proxyBeanMethods = false)
    static class Unavailable {
        @Bean
        @ConditionalOnMissingBean
        TexlinkBackend texlinkBackend(Environment environment, ConfigurableListableBeanFactory beanFactory) {
            BackendType selected = Binder.get(environment).bind("texlink.backend", BackendType.class).orElse(BackendType.AUTO);
            throw new BackendUnavailableException(selected, switch (selected) {
                case D3D11, D3D12 -> "the Direct3D backends are reserved for Windows, which texlink does not run on yet";
                default -> failedConditions(selected, beanFactory);
            });
        }
    }

    private static BackendUnavailableException notInThisBuild(BackendType type) {
        return new BackendUnavailableException(type, "this machine has what the " + type.displayName()
                + " backend needs, but this texlink build has no " + type.displayName() + " backend yet");
    }

    private static String failedConditions(BackendType selected, ConfigurableListableBeanFactory beanFactory) {
        Class<?> configuration = CONFIGURATIONS.get(selected);
        var outcomes = configuration == null ? null
                : ConditionEvaluationReport.get(beanFactory).getConditionAndOutcomesBySource().get(configuration.getName());
        if (outcomes == null) {
            return "no backend configuration matched";
        }
        return outcomes.stream().filter(o -> !o.getOutcome().isMatch()).map(o -> o.getOutcome().getMessage())
                .collect(Collectors.joining("; "));
    }
}
