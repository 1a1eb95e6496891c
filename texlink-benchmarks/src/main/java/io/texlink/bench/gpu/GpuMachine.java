package io.texlink.bench.gpu;

import io.texlink.TexlinkUnsupportedException;
import io.texlink.bench.Method;
import io.texlink.cuda.CudaAvailability;
import io.texlink.cuda.CudaDevice;
import io.texlink.vulkan.VulkanCapabilities;
import io.texlink.vulkan.VulkanContext;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The GPU side of the machine a run measured, and which GPU methods can run on it: read from
 * {@code nvidia-smi}, the CUDA driver ({@link CudaAvailability}) and a Vulkan context made and
 * closed for the purpose ({@link VulkanCapabilities}).
 *
 * @param gpu               the GPUs as the CUDA driver names them ({@code cuDeviceGetName}), or "no CUDA device"
 * @param nvidiaSmi         {@code nvidia-smi}'s answer for each GPU ({@link #NVIDIA_SMI_FIELDS}), or why there is none
 * @param cuda              whether CUDA works here: driver version and devices, or the reason not
 * @param vulkan            the Vulkan device, driver and what it shares, or why there is no Vulkan device
 * @param vulkanAvailable   a Vulkan device was found
 * @param timelineSemaphore that device exports timeline semaphores as OPAQUE_FD (what texlink syncs with)
 */
public record GpuMachine(String gpu, String nvidiaSmi, CudaAvailability cuda, String vulkan, boolean vulkanAvailable,
                         boolean timelineSemaphore) {
    /** What {@link #nvidiaSmi} holds for each GPU, in order ({@code nvidia-smi --query-gpu} fields). */
    public static final List<String> NVIDIA_SMI_FIELDS = List.of("name", "driver_version", "memory.total",
            "pcie.link.gen.max", "pcie.link.width.max", "compute_mode", "persistence_mode");
    private static final List<String> NVIDIA_SMI = List.of("nvidia-smi", "--query-gpu=" + String.join(",", NVIDIA_SMI_FIELDS),
            "--format=csv,noheader");
    private static final long NVIDIA_SMI_TIMEOUT_SECONDS = 20;

    /** Asks the machine; never throws for a missing driver or tool, but says so. */
    public static GpuMachine probe() {
        CudaAvailability cuda = CudaAvailability.check();
        String vulkan;
        boolean found = false;
        boolean timeline = false;
        try (VulkanContext context = VulkanContext.create()) {
            VulkanCapabilities capabilities = context.capabilities();
            vulkan = capabilities.summary();
            found = true;
            timeline = capabilities.exportableTimelineSemaphores();
        } catch (TexlinkUnsupportedException | LinkageError e) {
            vulkan = "no Vulkan device: " + e.getMessage();
        }
        String gpu = cuda.available() ? CudaDevice.list().stream().map(CudaDevice::name).collect(Collectors.joining(", "))
                : "no CUDA device";
        return new GpuMachine(gpu, askNvidiaSmi(), cuda, vulkan, found, timeline);
    }

    /** Why {@code method} cannot run here, or empty when it can. */
    public Optional<String> whyNot(Method method) {
        if (!cuda.available()) {
            return Optional.of("no CUDA: " + cuda.reason());
        }
        if (method == Method.CUDA_IPC) {
            return Optional.empty();
        }
        if (!vulkanAvailable) {
            return Optional.of(vulkan);
        }
        if (method != Method.READBACK_UPLOAD && !timelineSemaphore) {
            return Optional.of("the Vulkan device shares no timeline semaphore, which this method measures: " + vulkan);
        }
        return Optional.empty();
    }

    private static String askNvidiaSmi() {
        try {
            Process process = new ProcessBuilder(NVIDIA_SMI).redirectErrorStream(true).start();
            // A few lines: they fit the pipe, so the tool can end before they are read.
            if (!process.waitFor(NVIDIA_SMI_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return "nvidia-smi did not answer within " + NVIDIA_SMI_TIMEOUT_SECONDS + " s";
            }
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return process.exitValue() == 0 ? out : "nvidia-smi failed (exit " + process.exitValue() + "): " + out;
        } catch (IOException e) {
            return "nvidia-smi cannot run here: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while nvidia-smi ran";
        }
    }
}
