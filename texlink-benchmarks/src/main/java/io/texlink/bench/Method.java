package io.texlink.bench;

import io.texlink.WaitStrategy;
import io.texlink.bench.gpu.IpcProducer;
import io.texlink.bench.gpu.IpcReader;
import io.texlink.bench.gpu.ReadbackProducer;
import io.texlink.bench.gpu.UploadReader;
import io.texlink.bench.gpu.VulkanCudaReader;
import io.texlink.bench.gpu.VulkanProducer;
import io.texlink.vulkan.ImageTiling;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;

import java.util.Arrays;
import java.util.List;

/**
 * The ways of moving a frame from one process to another that the suites compare: the CPU suite's
 * ({@link #cpu()}) and the GPU suite's ({@link #isGpu()}, package {@code io.texlink.bench.gpu}).
 */
public enum Method {
    TEXLINK_BLOCKING("texlink, blocking",
            "texlink publish → acquire; the consumer sleeps in poll(2) on the socket for the v3 notice"),
    TEXLINK_BUSY_SPIN("texlink, busy-spin",
            "texlink publish → acquire; the consumer checks the socket without sleeping (WaitStrategy.busySpin)"),
    TEXLINK_BACKOFF("texlink, backoff",
            "texlink publish → acquire; the consumer spins, yields, then parks up to 1 ms (WaitStrategy.backoff)"),
    RAW_SOCKET("raw socket, 24 B",
            "junixsocket one-way trip of a 24-byte message; the reader blocks in read: the floor of the socket path"),
    SOCKET_COPY("copy over socket",
            "the 24-byte header and then every byte of the frame written to the socket; the reader reads it all"),
    SHM_COPY("copy via shared memory",
            "the writer copies the frame into one shared mapping and sends a 24-byte notice; the reader copies it out"),
    AERON_BUSY_SPIN("Aeron IPC, busy-spin",
            "Aeron aeron:ipc, embedded media driver, 24-byte messages; the subscriber polls with BusySpinIdleStrategy"),
    AERON_BACKOFF("Aeron IPC, backoff",
            "Aeron aeron:ipc, embedded media driver, 24-byte messages; the subscriber polls with BackoffIdleStrategy"),
    VULKAN_CUDA("texlink Vulkan → CUDA",
            "texlink session of optimal-tiled Vulkan images with a shared timeline semaphore; the CUDA consumer's stream"
                    + " waits on the semaphore, then copies the frame's 16-byte stamp, written on the producer's GPU, to pinned"
                    + " memory. Timed: texlink's publish timestamp (after the signal is queued) → that copy done"),
    VULKAN_CUDA_LINEAR("texlink Vulkan → CUDA, linear image",
            "as texlink Vulkan → CUDA, with linear-tiled images, which CUDA maps as a device pointer"),
    CUDA_IPC("CUDA IPC",
            "cuMemAlloc frames and IPC events, opened once by the consumer; the producer queues cuMemsetD32Async of the"
                    + " stamp and cuEventRecord, the consumer cuStreamWaitEvent and the stamp's copy; notices through a texlink"
                    + " CPU session. Timed: the producer's timestamp after cuEventRecord → that copy done"),
    READBACK_UPLOAD("readback + copy + upload",
            "the producer reads the Vulkan image back (staging copy, fence wait) into a texlink CPU frame; the consumer"
                    + " uploads it with cuMemcpyHtoDAsync from that shared memory and copies the stamp back. Timed: the"
                    + " producer's timestamp after its GPU write is queued → that copy done");

    private final String label;
    private final String description;

    Method(String label, String description) {
        this.label = label;
        this.description = description;
    }

    /** Short name for tables and plots. */
    public String label() {
        return label;
    }

    /** One sentence on what is timed. */
    public String description() {
        return description;
    }

    /** False for the 24-byte baselines, which carry no frame: their size column reads "24 B". */
    public boolean carriesFrames() {
        return this != RAW_SOCKET && this != AERON_BUSY_SPIN && this != AERON_BACKOFF;
    }

    /** True for the texlink methods, which alone serve several consumers and rotate buffers. */
    public boolean isTexlink() {
        return this == TEXLINK_BLOCKING || this == TEXLINK_BUSY_SPIN || this == TEXLINK_BACKOFF;
    }

    /** True for the GPU suite's methods, which need an NVIDIA GPU and stay out of the CPU suite. */
    public boolean isGpu() {
        return this == VULKAN_CUDA || this == VULKAN_CUDA_LINEAR || this == CUDA_IPC || this == READBACK_UPLOAD;
    }

    /** The CPU suite's methods, in declaration order. */
    public static List<Method> cpu() {
        return Arrays.stream(values()).filter(m -> !m.isGpu()).toList();
    }

    Publisher openPublisher(TrialSpec spec) throws java.io.IOException {
        return switch (this) {
            case TEXLINK_BLOCKING, TEXLINK_BUSY_SPIN, TEXLINK_BACKOFF -> new TexlinkPublisher(spec);
            case RAW_SOCKET -> new SocketPublisher(spec, SocketPayload.NOTICE_ONLY);
            case SOCKET_COPY -> new SocketPublisher(spec, SocketPayload.INLINE);
            case SHM_COPY -> new SocketPublisher(spec, SocketPayload.SHARED_MEMORY);
            case AERON_BUSY_SPIN, AERON_BACKOFF -> new AeronPublisher(spec);
            case VULKAN_CUDA -> VulkanProducer.publisher(spec, ImageTiling.OPTIMAL);
            case VULKAN_CUDA_LINEAR -> VulkanProducer.publisher(spec, ImageTiling.LINEAR);
            case CUDA_IPC -> IpcProducer.publisher(spec);
            case READBACK_UPLOAD -> ReadbackProducer.publisher(spec);
        };
    }

    Receiver openReceiver(TrialSpec spec) throws java.io.IOException {
        return switch (this) {
            case TEXLINK_BLOCKING -> new TexlinkReceiver(spec, WaitStrategy.blocking());
            case TEXLINK_BUSY_SPIN -> new TexlinkReceiver(spec, WaitStrategy.busySpin());
            case TEXLINK_BACKOFF -> new TexlinkReceiver(spec, WaitStrategy.backoff());
            case RAW_SOCKET -> new SocketReceiver(spec, SocketPayload.NOTICE_ONLY);
            case SOCKET_COPY -> new SocketReceiver(spec, SocketPayload.INLINE);
            case SHM_COPY -> new SocketReceiver(spec, SocketPayload.SHARED_MEMORY);
            case AERON_BUSY_SPIN -> new AeronReceiver(spec, new BusySpinIdleStrategy());
            case AERON_BACKOFF -> new AeronReceiver(spec, new BackoffIdleStrategy());
            case VULKAN_CUDA, VULKAN_CUDA_LINEAR -> VulkanCudaReader.receiver(spec);
            case CUDA_IPC -> IpcReader.receiver(spec);
            case READBACK_UPLOAD -> UploadReader.receiver(spec);
        };
    }
}
