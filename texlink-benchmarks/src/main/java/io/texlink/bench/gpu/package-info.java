/**
 * GPU benchmarks of issue 7, not written yet: the place for them.
 *
 * <p>What belongs here: Vulkan → CUDA frame handoff with timeline-semaphore sync, against GPU
 * readback + CPU copy + upload, and against CUDA IPC ({@code cuIpcGetMemHandle} /
 * {@code cuIpcOpenMemHandle} with IPC events), each in two JVMs, at 1080p and 4K, on the H100
 * lent by the {@code device} tool.
 *
 * <p>How it plugs in: add {@link io.texlink.bench.Method} constants with a
 * {@code Publisher}/{@code Receiver} pair in this package; the CPU suite's trial runner, report and
 * plots then carry them. Their trials must stay out of the CPU suite and of {@code verify}: tag
 * their tests {@code @Tag("gpu")} and give them their own plan (a {@code SuitePlan} method) run only
 * where a device is present, and name the device in the report.
 */
package io.texlink.bench.gpu;
