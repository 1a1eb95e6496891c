/**
 * The CUDA backend: CUDA consumers of Vulkan and CUDA producers, CUDA producers for CUDA
 * consumers, and CUDA writing frames another GPU backend shares.
 *
 * <ul>
 *   <li>{@link io.texlink.cuda.CudaAvailability}: whether CUDA works here, and why not; every
 *       entry point throws {@link io.texlink.TexlinkUnsupportedException} with that reason where
 *       it does not (no driver, no JCuda).</li>
 *   <li>{@link io.texlink.cuda.CudaFrameImporter} (consumer) gives
 *       {@link io.texlink.cuda.CudaImportedFrame}s: a device pointer for buffers and linear
 *       images, a CUDA array for optimal-tiled images, ordered after the producer's GPU work on a
 *       stream of their own.</li>
 *   <li>{@link io.texlink.cuda.CudaFrameAllocator} (producer) shares VMM allocations as POSIX
 *       file descriptors ({@link io.texlink.cuda.CudaExportedFrame}).</li>
 *   <li>{@link io.texlink.cuda.CudaMappedFrameAllocator} lets CUDA write frames another backend
 *       (Vulkan) allocates, for that backend's consumers ({@link io.texlink.cuda.CudaMappedFrame}).</li>
 *   <li>{@link io.texlink.cuda.CudaTimeline}: a Vulkan timeline semaphore in CUDA.</li>
 * </ul>
 *
 * <p>JCuda 12.6.0 (an optional dependency) supplies the types applications use
 * ({@code CUdeviceptr}, {@code CUarray}, {@code CUstream}, {@code CUcontext}) and the calls it
 * covers; the driver calls it lacks or gets wrong are bound with FFM against
 * {@code libcuda.so.1}. See {@code docs/cuda.md}.
 */
package io.texlink.cuda;
