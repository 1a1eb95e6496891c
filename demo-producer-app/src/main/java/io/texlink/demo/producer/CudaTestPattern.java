package io.texlink.demo.producer;

import io.texlink.FrameDescriptor;
import io.texlink.cuda.CudaCallException;
import io.texlink.cuda.CudaContext;
import io.texlink.cuda.CudaFrame;
import jcuda.Pointer;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUevent;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.CUstream;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static jcuda.driver.CUevent_flags.CU_EVENT_DISABLE_TIMING;
import static jcuda.driver.CUjit_option.CU_JIT_ERROR_LOG_BUFFER;
import static jcuda.driver.CUjit_option.CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES;
import static jcuda.driver.CUresult.CUDA_SUCCESS;
import static jcuda.driver.JCudaDriver.cuCtxPopCurrent;
import static jcuda.driver.JCudaDriver.cuCtxPushCurrent;
import static jcuda.driver.JCudaDriver.cuEventCreate;
import static jcuda.driver.JCudaDriver.cuEventDestroy;
import static jcuda.driver.JCudaDriver.cuEventRecord;
import static jcuda.driver.JCudaDriver.cuEventSynchronize;
import static jcuda.driver.JCudaDriver.cuLaunchKernel;
import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemFree;
import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static jcuda.driver.JCudaDriver.cuModuleLoadData;
import static jcuda.driver.JCudaDriver.cuModuleLoadDataEx;
import static jcuda.driver.JCudaDriver.cuModuleUnload;
import static jcuda.driver.JCudaDriver.cuStreamWaitEvent;

/**
 * Computes the stripes of the test pattern ({@link io.texlink.pattern.TestPattern#stripes}'s bytes,
 * frame id included) with a CUDA kernel, into a frame on the frame's own stream.
 *
 * <p>The kernel is hand-written PTX ({@code cuda/test-pattern.ptx}, the formula of
 * {@code shaders/test-pattern.comp}), which the driver compiles for the GPU when this object is
 * made. It writes linear memory (buffers of CUDA producer memory, linear Vulkan images) in place,
 * rows at the frame's stride. A CUDA array (an optimal-tiled Vulkan image) cannot be written
 * through a pointer: the kernel writes a tightly packed scratch buffer of its own, which
 * {@link CudaFrame#copyFrom} then copies into the array on the same stream. The next frame's
 * kernel waits on the GPU (an event) until that copy has read the scratch buffer. The server's
 * {@code endFrame} waits for the frame's stream before it publishes.
 *
 * <p>Not thread-safe: the server's producer thread renders; {@link #close()} comes after it
 * stopped, before the backend releases the context.
 */
final class CudaTestPattern implements AutoCloseable {
    private static final String KERNEL = "/cuda/test-pattern.ptx";
    private static final String ENTRY = "test_pattern";
    private static final int BLOCK_SIZE = 256;
    /** The grid-stride loop covers larger frames; 4096 blocks of 256 threads keep every GPU busy. */
    private static final int MAX_BLOCKS = 4096;
    private static final int JIT_LOG_BYTES = 8192;

    private final CudaContext context;
    private final CUmodule module = new CUmodule();
    private final CUfunction function = new CUfunction();
    /** Recorded after each copy out of {@link #scratch}; the next kernel into it waits for it. */
    private final CUevent scratchRead = new CUevent();
    /** Where {@code cuCtxPopCurrent} writes the popped context; not used. */
    private final CUcontext popped = new CUcontext();
    private boolean moduleLoaded;
    private boolean eventCreated;
    /** Packed pixels for array frames, sized for the frames rendered so far; null until one needs it. */
    private CUdeviceptr scratch;
    private long scratchBytes;

    /**
     * Loads the kernel into {@code context}.
     *
     * @throws IllegalStateException when the PTX resource is missing or the driver cannot compile
     *                               it (with the compiler's log)
     * @throws CudaCallException     when another driver call fails
     */
    CudaTestPattern(CudaContext context) {
        this.context = context;
        byte[] ptx = kernelSource();
        enter();
        try {
            int loaded = cuModuleLoadData(module, ptx);
            if (loaded != CUDA_SUCCESS) {
                throw new IllegalStateException("the CUDA driver cannot load " + KERNEL + ": " + CudaCallException.resultName(loaded)
                        + " (" + loaded + ")" + jitErrorLog(ptx));
            }
            moduleLoaded = true;
            check(cuModuleGetFunction(function, module, ENTRY), "cuModuleGetFunction", ENTRY);
            check(cuEventCreate(scratchRead, CU_EVENT_DISABLE_TIMING), "cuEventCreate", "test pattern");
            eventCreated = true;
        } catch (RuntimeException e) {
            release();
            throw e;
        } finally {
            exit();
        }
    }

    /**
     * Queues frame {@code frameId}'s pattern into {@code frame} on its stream and returns.
     *
     * @throws IllegalStateException when the frame is not a texture of 8-byte or longer rows below 2 GiB
     * @throws CudaCallException     when a driver call fails
     */
    void render(CudaFrame frame, long frameId) {
        FrameDescriptor layout = frame.hostDescriptor(); // linear: the frame's own rows; array: packed rows
        if (!layout.type().isTexture()) {
            throw new IllegalStateException("the CUDA test pattern fills textures, but this server's frames are "
                    + layout.type() + "; set texlink.servers.<name>.frame.type to texture-2d, texture-3d or texture-cube");
        }
        long rowBytes = (long) layout.width() * layout.format().bytesPerPixel();
        long total = rowBytes * layout.height() * layout.layers();
        if (rowBytes < 8 || total > Integer.MAX_VALUE) {
            throw new IllegalStateException("the CUDA test pattern needs rows of at least 8 bytes (the frame id) and frames"
                    + " below 2 GiB; this one has rows of " + rowBytes + " bytes, " + total + " in all");
        }
        CUstream stream = frame.stream();
        enter();
        try {
            CUdeviceptr target;
            if (frame.isArray()) {
                ensureScratch(total);
                check(cuStreamWaitEvent(stream, scratchRead, 0), "cuStreamWaitEvent", "test pattern scratch buffer");
                target = scratch;
            } else {
                target = frame.devicePointer();
            }
            Pointer parameters = Pointer.to(Pointer.to(target), Pointer.to(new int[] { layout.stride() }),
                    Pointer.to(new int[] { (int) rowBytes }), Pointer.to(new int[] { (int) total }),
                    Pointer.to(new int[] { (int) frameId }), Pointer.to(new int[] { (int) (frameId >>> 32) }));
            int blocks = (int) Math.min((total + BLOCK_SIZE - 1) / BLOCK_SIZE, MAX_BLOCKS);
            check(cuLaunchKernel(function, blocks, 1, 1, BLOCK_SIZE, 1, 1, 0, stream, parameters, null), "cuLaunchKernel",
                    ENTRY + " on " + frame);
            if (frame.isArray()) {
                frame.copyFrom(scratch);
                check(cuEventRecord(scratchRead, stream), "cuEventRecord", "test pattern scratch buffer");
            }
        } finally {
            exit();
        }
    }

    /** The PTX resource, NUL-terminated as {@code cuModuleLoadData} takes text. */
    private static byte[] kernelSource() {
        try (InputStream in = CudaTestPattern.class.getResourceAsStream(KERNEL)) {
            if (in == null) {
                throw new IllegalStateException(KERNEL + " is missing from the class path");
            }
            byte[] text = in.readAllBytes();
            return Arrays.copyOf(text, text.length + 1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + KERNEL, e);
        }
    }

    /**
     * What the driver's PTX compiler reports for {@code ptx}, for the failure message: a second
     * load with an error log buffer ({@code cuModuleLoadDataEx}), made only after the plain load failed.
     */
    private static String jitErrorLog(byte[] ptx) {
        byte[] log = new byte[JIT_LOG_BYTES];
        CUmodule retry = new CUmodule();
        // The option values are pointers: the log buffer's address, then the buffer's size itself.
        int result = cuModuleLoadDataEx(retry, Pointer.to(ptx), 2,
                new int[] { CU_JIT_ERROR_LOG_BUFFER, CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES },
                Pointer.to(Pointer.to(log), new Pointer().withByteOffset(JIT_LOG_BYTES)));
        if (result == CUDA_SUCCESS) {
            cuModuleUnload(retry);
            return "";
        }
        int end = 0;
        while (end < log.length && log[end] != 0) {
            end++;
        }
        String text = new String(log, 0, end, StandardCharsets.US_ASCII).strip();
        return text.isEmpty() ? "" : "; the PTX compiler says: " + text;
    }

    /** Makes {@link #scratch} hold {@code bytes}. */
    private void ensureScratch(long bytes) {
        if (bytes == scratchBytes) {
            return;
        }
        freeScratch();
        CUdeviceptr memory = new CUdeviceptr();
        check(cuMemAlloc(memory, bytes), "cuMemAlloc", bytes + " bytes for the test pattern");
        scratch = memory;
        scratchBytes = bytes;
    }

    /** Frees {@link #scratch} once the last copy out of it is done. */
    private void freeScratch() {
        if (scratch != null) {
            check(cuEventSynchronize(scratchRead), "cuEventSynchronize", "test pattern scratch buffer");
            check(cuMemFree(scratch), "cuMemFree", "test pattern scratch buffer");
            scratch = null;
            scratchBytes = 0;
        }
    }

    /** Frees the scratch buffer, destroys the event and unloads the kernel. Idempotent. */
    @Override
    public void close() {
        enter();
        try {
            release();
        } finally {
            exit();
        }
    }

    /** What {@link #close()} does, with the context current. */
    private void release() {
        try {
            freeScratch();
        } finally {
            if (eventCreated) {
                eventCreated = false;
                cuEventDestroy(scratchRead);
            }
            if (moduleLoaded) {
                moduleLoaded = false;
                check(cuModuleUnload(module), "cuModuleUnload", KERNEL);
            }
        }
    }

    /** Makes the backend's context current on this thread, leaving the caller's own current context below it. */
    private void enter() {
        check(cuCtxPushCurrent(context.context()), "cuCtxPushCurrent", context.toString());
    }

    private void exit() {
        check(cuCtxPopCurrent(popped), "cuCtxPopCurrent", context.toString());
    }

    private static void check(int result, String call, String detail) {
        if (result != CUDA_SUCCESS) {
            throw new CudaCallException(call, result, detail);
        }
    }
}
