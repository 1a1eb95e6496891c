package io.texlink.spring.autoconfigure.backend;

import io.texlink.TexlinkUnsupportedException;
import io.texlink.backend.FrameAllocator;
import io.texlink.cuda.CudaContext;
import io.texlink.cuda.CudaDevice;
import io.texlink.egl.EglContext;
import io.texlink.egl.EglFrameAllocator;
import io.texlink.spring.autoconfigure.TexlinkProperties;
import io.texlink.spring.backend.BackendType;
import io.texlink.spring.backend.CpuBackend;
import io.texlink.spring.backend.CudaBackend;
import io.texlink.spring.backend.EglBackend;
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
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * One configuration per backend, imported by {@link TexlinkBackendAutoConfiguration} in order of
 * preference; the first whose conditions match provides the {@link TexlinkBackend} bean. Each GPU
 * backend needs its Java binding on the class path, Linux, its driver library, and
 * {@code texlink.backend} naming it (or {@code auto}, for a backend auto picks: today Vulkan,
 * which also needs a device texlink can create; CUDA and EGL must be named, and need a working
 * driver and a context texlink can create). A selected backend whose conditions fail stops
 * startup with them.
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
                String device = backend.context().capabilities().summary();
                requireSupported("texlink.vulkan.sync", settings.getSync(), device,
                        () -> VulkanFrameAllocator.builder(backend.context()).sync(settings.getSync()).build());
                requireSupported("texlink.vulkan.memory-handle", settings.getMemoryHandle(), device,
                        () -> VulkanFrameAllocator.builder(backend.context()).memoryHandle(settings.getMemoryHandle()).build());
                return backend;
            } catch (RuntimeException e) {
                backend.close();
                throw e;
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

    /**
     * The EGL backend on the application's {@link EglContext} bean where it declares one, else on a
     * context created here from {@code texlink.egl.*} and closed with the backend.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.lwjgl.egl.EGL")
    @ConditionalOnBackend(BackendType.EGL)
    @ConditionalOnLinux
    @ConditionalOnNativeLibrary("libEGL.so.1")
    @ConditionalOnEglContext
    static class Egl {
        @Bean
        @ConditionalOnMissingBean(TexlinkBackend.class)
        EglBackend texlinkBackend(TexlinkProperties properties, ObjectProvider<EglContext> applicationContext) {
            TexlinkProperties.Egl settings = properties.getEgl();
            EglContext given = applicationContext.getIfAvailable();
            EglBackend backend = given != null
                    ? EglBackend.onApplicationContext(given, settings.getTiling(), settings.getMemoryHandle(), settings.getSync())
                    : EglBackend.onOwnContext(EglContext.Options.defaults().withPlatform(settings.getPlatform()),
                            settings.getTiling(), settings.getMemoryHandle(), settings.getSync());
            try {
                String gl = backend.context().capabilities().summary();
                requireSupported("texlink.egl.sync", settings.getSync(), gl,
                        () -> EglFrameAllocator.builder(backend.context()).sync(settings.getSync()).build());
                requireSupported("texlink.egl.memory-handle", settings.getMemoryHandle(), gl,
                        () -> EglFrameAllocator.builder(backend.context()).memoryHandle(settings.getMemoryHandle()).build());
                return backend;
            } catch (RuntimeException e) {
                backend.close();
                throw e;
            }
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

    /**
     * Unless {@code value} is AUTO, builds and closes an allocator with that forced setting, so that
     * a device that cannot do it fails startup naming the property rather than when the first
     * server starts.
     *
     * @param device what the device is, for the message
     */
    private static void requireSupported(String property, Enum<?> value, String device,
                                         Supplier<? extends FrameAllocator> allocator) {
        if (value.name().equals("AUTO")) {
            return;
        }
        try (FrameAllocator built = allocator.get()) {
            built.handleType(); // chooses the memory handle: this fails where a forced one is missing
        } catch (TexlinkUnsupportedException e) {
            throw new InvalidConfigurationPropertyValueException(property, value, e.getMessage() + " (" + device + ")");
        }
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
