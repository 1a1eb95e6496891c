package io.texlink.bench.gpu;

import io.texlink.bench.Method;
import io.texlink.cuda.CudaAvailability;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GpuMachineTest {
    private static final CudaAvailability CUDA = new CudaAvailability(true, "CUDA driver 13.0 with 1 device(s)");

    @Test
    void withoutCudaNoMethodRuns() {
        GpuMachine machine = new GpuMachine("no CUDA device", "nvidia-smi cannot run here",
                new CudaAvailability(false, "libcuda.so.1 cannot be loaded"), "llvmpipe", true, false);

        for (Method method : GpuPlan.METHODS) {
            assertThat(machine.whyNot(method)).hasValue("no CUDA: libcuda.so.1 cannot be loaded");
        }
    }

    @Test
    void withoutVulkanOnlyCudaIpcRuns() {
        GpuMachine machine = new GpuMachine("H100", "", CUDA, "no Vulkan device: no Vulkan loader here", false, false);

        assertThat(machine.whyNot(Method.CUDA_IPC)).isEmpty();
        assertThat(machine.whyNot(Method.VULKAN_CUDA)).hasValue("no Vulkan device: no Vulkan loader here");
        assertThat(machine.whyNot(Method.READBACK_UPLOAD)).hasValue("no Vulkan device: no Vulkan loader here");
    }

    @Test
    void texlinksMethodsNeedTheSharedTimelineTheReadbackDoesNot() {
        GpuMachine machine = new GpuMachine("H100", "", CUDA, "a GPU without exportable timelines", true, false);

        assertThat(machine.whyNot(Method.VULKAN_CUDA)).get().asString().contains("no timeline semaphore");
        assertThat(machine.whyNot(Method.VULKAN_CUDA_LINEAR)).isPresent();
        assertThat(machine.whyNot(Method.READBACK_UPLOAD)).isEmpty();
        assertThat(new GpuMachine("H100", "", CUDA, "H100", true, true).whyNot(Method.VULKAN_CUDA)).isEmpty();
    }
}
