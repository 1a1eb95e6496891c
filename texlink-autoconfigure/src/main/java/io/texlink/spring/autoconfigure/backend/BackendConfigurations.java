package io.texlink.spring.autoconfigure.backend;

import io.texlink.TexlinkUnsupportedException;
import io.texlink.cuda.CudaContext;
import io.texlink.cuda.CudaDevice;
import io.texlink.spring.autoconfigure.TexlinkProperties;
import io.texlink.spring.backend.BackendType;
import io.texlink.spring.backend.CpuBackend;
import io.texlink.spring.backend.CudaBackend;
import io.texlink.spring.backend.TexlinkBackend;
import io.texlink.spring.backend.VulkanBackend;
import io.texlink.vulkan.VulkanContext;
import io.texlink.vulkan.VulkanFrameAllocator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.condition.ConditionEvaluationReport;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One configuration per backend, imported by {@link TexlinkBackendAutoConfiguration} in order of
 * preference; the first whose conditions match provides the {@link TexlinkBackend} bean. Each GPU
 * backend needs its Java binding on the class path, Linux, its driver library, and
 * {@code texlink.backend} naming it (or {@code auto}, for a backend auto picks: today Vulkan,
 * which also needs a device texlink can create; CUDA must be named, and needs a working driver). A
 * GPU backend the engine does not have yet stops startup saying so when it is named and its
 * prerequisites are met.
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

    /**
     * The Vulkan backend on the application's {@link VulkanContext} bean where it declares one, else
     * on a context created here from {@code texlink.vulkan.*} and closed with the backend.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.lwjgl.vulkan.VK")
    @ConditionalOnBackend(BackendType.VULKAN)
    @ConditionalOnLinux
    @ConditionalOnNativeLibrary("libvulkan.so.1")
    @ConditionalOnVulkanDevice
    static class Vulkan {
        @Bean
        @ConditionalOnMissingBean(TexlinkBackend.class)
        VulkanBackend texlinkBackend(TexlinkProperties properties, ObjectProvider<VulkanContext> applicationContext,
                                     Environment environment) {
            TexlinkProperties.Vulkan settings = properties.getVulkan();
            VulkanContext given = applicationContext.getIfAvailable();
            VulkanBackend backend = given != null
                    ? VulkanBackend.onApplicationContext(given, settings.getTiling(), settings.getMemoryHandle(),
                            settings.getSync())
                    : VulkanBackend.onOwnContext(vulkanOptions(settings, environment), settings.getTiling(),
                            settings.getMemoryHandle(), settings.getSync());
            try {
                if (settings.getSync() != VulkanFrameAllocator.SyncMode.AUTO) {
                    requireSupported(backend.context(), "texlink.vulkan.sync", settings.getSync(),
                            VulkanFrameAllocator.builder(backend.context()).sync(settings.getSync()));
                }
                if (settings.getMemoryHandle() != VulkanFrameAllocator.MemoryHandle.AUTO) {
                    requireSupported(backend.context(), "texlink.vulkan.memory-handle", settings.getMemoryHandle(),
                            VulkanFrameAllocator.builder(backend.context()).memoryHandle(settings.getMemoryHandle()));
                }
                return backend;
            } catch (RuntimeException e) {
                backend.close();
                throw e;
            }
        }

        /**
         * Builds and closes an allocator with one forced setting, so that a device that cannot do it
         * fails startup naming the property rather than when the first server starts.
         */
        private static void requireSupported(VulkanContext context, String property, Object value,
                                             VulkanFrameAllocator.Builder builder) {
            try (VulkanFrameAllocator allocator = builder.build()) {
                allocator.handleType(); // chooses the memory handle: this fails where a forced one is missing
            } catch (TexlinkUnsupportedException e) {
                throw new InvalidConfigurationPropertyValueException(property, value, e.getMessage() + " ("
                        + context.capabilities().summary() + ")");
            }
        }
    }

    /**
     * The CUDA backend on the application's {@link CudaContext} bean where it declares one, else on
     * the primary context of {@code texlink.cuda.device}, closed with the backend. With
     * {@code texlink.cuda.producer-memory=vulkan} the servers' frames come from the application's
     * {@link VulkanContext} bean, else from a Vulkan context created on the same GPU from
     * {@code texlink.vulkan.*} and closed with the backend.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "jcuda.driver.JCudaDriver")
    @ConditionalOnBackend(BackendType.CUDA)
    @ConditionalOnLinux
    @ConditionalOnNativeLibrary("libcuda.so.1")
    @ConditionalOnCudaDevice
    static class Cuda {
        private static final String PRODUCER_MEMORY = "texlink.cuda.producer-memory";

        @Bean
        @ConditionalOnMissingBean(TexlinkBackend.class)
        CudaBackend texlinkBackend(TexlinkProperties properties, ObjectProvider<CudaContext> applicationCuda,
                                   ObjectProvider<VulkanContext> applicationVulkan, Environment environment,
                                   ConfigurableListableBeanFactory beanFactory) {
            TexlinkProperties.Cuda settings = properties.getCuda();
            CudaBackend.Builder builder = CudaBackend.builder().producerMemory(settings.getProducerMemory());
            CudaContext given = applicationCuda.getIfAvailable();
            if (given != null) {
                builder.context(given);
            } else {
                builder.device(requireDevice(settings.getDevice()));
            }
            if (settings.getProducerMemory() == CudaBackend.ProducerMemory.CUDA) {
                return builder.build();
            }
            if (!ClassUtils.isPresent("org.lwjgl.vulkan.VK", beanFactory.getBeanClassLoader())) {
                throw new InvalidConfigurationPropertyValueException(PRODUCER_MEMORY, settings.getProducerMemory(), "Vulkan"
                        + " frames need LWJGL on the class path (org.lwjgl:lwjgl, lwjgl-vulkan and lwjgl natives-linux);"
                        + " add it, or set " + PRODUCER_MEMORY + "=cuda (frames only CUDA consumers read)");
            }
            TexlinkProperties.Vulkan vulkan = properties.getVulkan();
            builder.vulkanFrames(vulkan.getTiling(), vulkan.getSync());
            VulkanContext givenVulkan = applicationVulkan.getIfAvailable();
            if (givenVulkan != null) {
                builder.vulkanContext(givenVulkan);
            } else {
                builder.vulkanOptions(vulkanOptions(vulkan, environment));
            }
            try {
                return builder.build();
            } catch (TexlinkUnsupportedException | LinkageError e) {
                throw new InvalidConfigurationPropertyValueException(PRODUCER_MEMORY, settings.getProducerMemory(),
                        e.getMessage() + "; set " + PRODUCER_MEMORY + "=cuda for frames in CUDA memory (only CUDA consumers read them)");
            }
        }

        /** {@code texlink.cuda.device}, when this machine has such a GPU. */
        private static int requireDevice(int ordinal) {
            List<CudaDevice> devices = CudaDevice.list();
            if (ordinal >= devices.size()) {
                throw new InvalidConfigurationPropertyValueException("texlink.cuda.device", ordinal, "the CUDA driver sees "
                        + devices.size() + " GPU(s), numbered from 0: " + devices.stream().map(CudaDevice::toString)
                        .collect(Collectors.joining("; ")));
            }
            return ordinal;
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

    /**
     * How to create a backend's own Vulkan context: validation as {@code texlink.vulkan.validation}
     * says, named after the application.
     */
    private static VulkanContext.Options vulkanOptions(TexlinkProperties.Vulkan settings, Environment environment) {
        if (settings.isValidation() && !VulkanContext.validationLayerInstalled()) {
            throw new InvalidConfigurationPropertyValueException("texlink.vulkan.validation", true, "the Vulkan"
                    + " validation layer " + VulkanContext.VALIDATION_LAYER + " is not installed here (Debian:"
                    + " apt-get install vulkan-validationlayers); install it or set texlink.vulkan.validation=false");
        }
        return new VulkanContext.Options(settings.isValidation(), Optional.empty(),
                environment.getProperty("spring.application.name", "texlink"));
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
