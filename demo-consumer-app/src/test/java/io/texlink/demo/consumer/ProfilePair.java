package io.texlink.demo.consumer;

/**
 * A demo pair of two GPU profiles, one per app: {@link DemoPairCudaConsumerIT} (Vulkan to CUDA),
 * {@link DemoPairCudaProducerIT} (CUDA to Vulkan), {@link DemoPairCudaProducerEglConsumerIT} (CUDA
 * to GL) and {@link DemoPairEglConsumerIT} (Vulkan to GL). Skipped, saying why, where this machine
 * lacks what a profile needs ({@link GpuProfiles#require}); the CUDA ones need an NVIDIA GPU.
 */
abstract class ProfilePair extends DemoPairContract {
    static final App CUDA = App.profile("cuda");
    static final App VULKAN = App.profile("vulkan");
    static final App EGL = App.profile("egl");

    private final App producerApp;
    private final App consumerApp;

    ProfilePair(App producerApp, App consumerApp) {
        this.producerApp = producerApp;
        this.consumerApp = consumerApp;
    }

    @Override
    App producerApp() {
        return producerApp;
    }

    @Override
    App consumerApp() {
        return consumerApp;
    }

    @Override
    String logSuffix() {
        return "-" + producerApp.backend() + "-to-" + consumerApp.backend();
    }

    @Override
    void assumeBackendAvailable() {
        GpuProfiles.require(producerApp);
        GpuProfiles.require(consumerApp);
    }
}
