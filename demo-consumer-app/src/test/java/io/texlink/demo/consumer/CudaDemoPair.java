package io.texlink.demo.consumer;

/**
 * A demo pair of a CUDA app and a Vulkan app, each with its profile: {@link DemoPairCudaConsumerIT}
 * (Vulkan to CUDA) and {@link DemoPairCudaProducerIT} (CUDA to Vulkan). Needs an NVIDIA GPU with
 * its CUDA and Vulkan drivers; skipped, saying why, elsewhere (CI).
 */
abstract class CudaDemoPair extends DemoPairContract {
    static final App CUDA = App.profile("cuda");
    static final App VULKAN = App.profile("vulkan");

    private final App producerApp;
    private final App consumerApp;

    CudaDemoPair(App producerApp, App consumerApp) {
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
        GpuProfiles.requireCuda();
        GpuProfiles.requireVulkan();
    }
}
