/**
 * The GPU benchmarks of issue 7: how fast a frame written on one process's GPU becomes usable on
 * another process's CUDA stream, with texlink's Vulkan → CUDA sharing (timeline-semaphore sync),
 * with GPU readback + CPU copy + upload, and with CUDA IPC, at 1080p and 4K, paced and flat out.
 *
 * <p>{@link io.texlink.bench.gpu.GpuBenchmarkSuite} runs them ({@code scripts/run-gpu-benchmarks.sh},
 * on an NVIDIA GPU); {@link io.texlink.bench.gpu.GpuPlan} says which cells;
 * {@link io.texlink.bench.gpu.GpuReport} writes the markdown fragment and CSV that
 * {@link io.texlink.bench.gpu.ResultsPage} merges into {@code docs/benchmarks.md}.
 *
 * <p>How they plug into the CPU suite's harness: each method is a {@link io.texlink.bench.Method}
 * constant ({@link io.texlink.bench.Method#isGpu()}) whose trials run through texlink sessions: its
 * producer is a {@link io.texlink.bench.FrameWriter} behind a {@link io.texlink.bench.TexlinkPublisher}
 * ({@link io.texlink.bench.gpu.VulkanProducer}, {@link io.texlink.bench.gpu.ReadbackProducer},
 * {@link io.texlink.bench.gpu.IpcProducer}), its consumer a {@link io.texlink.bench.FrameReader}
 * behind a {@link io.texlink.bench.TexlinkReceiver} ({@link io.texlink.bench.gpu.VulkanCudaReader},
 * {@link io.texlink.bench.gpu.UploadReader}, {@link io.texlink.bench.gpu.IpcReader}). So the
 * notification path (the v3 socket notice, blocking wait, three buffers, newest wins) is the same
 * for all, and the methods differ only in how the frame's GPU memory and sync travel. Every method
 * writes a {@link io.texlink.bench.gpu.GpuStamp} on the producer's GPU and checks it on the
 * consumer's, so a broken sync fails the trial instead of yielding numbers.
 *
 * <p>The CPU suite and {@code verify} never run them: they are not in its plans, and their test is
 * tagged {@code gpu} and skipped with the reason where there is no CUDA.
 */
package io.texlink.bench.gpu;
