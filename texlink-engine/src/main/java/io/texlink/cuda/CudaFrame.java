package io.texlink.cuda;

import io.texlink.FrameDescriptor;
import io.texlink.FrameType;
import io.texlink.TexlinkTimeoutException;
import io.texlink.backend.HostLayout;
import jcuda.driver.CUDA_MEMCPY3D;
import jcuda.driver.CUarray;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUmipmappedArray;
import jcuda.driver.CUstream;
import jcuda.driver.JCudaDriver;

import java.lang.System.Logger.Level;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

import static io.texlink.cuda.CudaCallException.check;
import static jcuda.driver.CUmemorytype.CU_MEMORYTYPE_ARRAY;
import static jcuda.driver.CUmemorytype.CU_MEMORYTYPE_DEVICE;
import static jcuda.driver.CUmemorytype.CU_MEMORYTYPE_HOST;
import static jcuda.driver.CUresult.CUDA_ERROR_NOT_READY;
import static jcuda.driver.CUresult.CUDA_SUCCESS;

/**
 * One shared frame in CUDA: linear device memory ({@link #devicePointer()}, for buffers and linear
 * textures, rows {@code descriptor().stride()} bytes apart) or a CUDA array ({@link #array()}, for
 * optimal-tiled Vulkan images, whose layout only the driver knows). On the consumer side it is
 * what {@link io.texlink.AcquiredFrame#buffer()} returns ({@link CudaImportedFrame}), on the
 * producer side what {@link io.texlink.WritableFrame#buffer()} returns ({@link CudaExportedFrame},
 * {@link CudaMappedFrame}).
 *
 * <p>Each frame has its own non-blocking {@link #stream()}: texlink orders it after the producer's
 * GPU work (consumer) and waits for it before publishing (producer). Put your work on it, or make
 * your stream wait for it ({@code cuEventRecord} on it, {@code cuStreamWaitEvent} on yours) and
 * make it wait for yours before you release or end the frame. {@link #upload} and
 * {@link #download} copy whole frames between host memory and the frame on that stream,
 * {@link #copyFrom} from device memory (what a kernel wrote for an array frame).
 *
 * <p>Waits for a frame's stream (on release, end of write, copies, close) give up after the wait
 * timeout of the importer or allocator with {@link TexlinkTimeoutException}, so a producer that
 * died before its GPU signaled cannot hang the consumer.
 *
 * <p>The CPU cannot map it: {@link #cpuMemory()} is {@code NULL}. One thread at a time per frame.
 * The client or server closes it; its memory is freed then.
 */
public abstract sealed class CudaFrame permits CudaImportedFrame, CudaExportedFrame, CudaMappedFrame {
    private static final System.Logger LOG = System.getLogger(CudaFrame.class.getName());
    /** Polls of a busy stream before the waiting thread parks between polls. */
    private static final int SPINS = 200;
    private static final long PARK_NANOS = 20_000;

    final CudaContext context;
    /** For messages: "buffer 1 (TEXTURE_2D 640x480 ABGR8888)". */
    final String name;
    private final FrameDescriptor descriptor;
    private final FrameMemory memory;
    private final CUstream stream;
    /** The stream's handle as FFM passes it, made once so per-frame calls do not allocate. */
    final MemorySegment streamHandle;
    private final CUdeviceptr pointer;
    private final long waitTimeoutNanos;
    /** {@link #copyFrom}'s copy into an array, made on its first call; only the source changes per frame. */
    private CUDA_MEMCPY3D fromDevice;
    private boolean closed;

    /** Takes ownership of {@code memory}; closes it if the stream cannot be made. */
    CudaFrame(CudaContext context, String name, FrameDescriptor descriptor, FrameMemory memory, Duration waitTimeout) {
        this.context = context;
        this.name = name;
        this.descriptor = descriptor;
        this.memory = memory;
        this.waitTimeoutNanos = waitTimeout.toNanos();
        try {
            this.stream = context.newStream(name);
        } catch (RuntimeException e) {
            context.call(() -> {
                memory.close();
                return null;
            });
            throw e;
        }
        this.streamHandle = MemorySegment.ofAddress(JCudaHandles.handle(stream));
        this.pointer = memory.address() != 0 ? JCudaHandles.devicePointer(memory.address()) : null;
    }

    /** "buffer i (TYPE WxH FORMAT)" or "buffer i (TYPE n bytes)", for messages. */
    static String name(int index, FrameDescriptor d) {
        return "buffer " + index + " (" + d.type() + " "
                + (d.type().isTexture() ? d.width() + "x" + d.height() + (d.type() == FrameType.TEXTURE_3D ? "x" + d.depth() : "")
                + " " + d.format() + (d.stride() == 0 ? ", optimal tiling" : ", stride " + d.stride()) : d.size() + " bytes") + ")";
    }

    /** The frame's shape as shared (for linear memory: the stride to use; the size is the whole allocation). */
    public FrameDescriptor descriptor() {
        return descriptor;
    }

    public CudaContext context() {
        return context;
    }

    /** The frame's stream; see the class comment for how to order work with it. */
    public CUstream stream() {
        return stream;
    }

    /** True for a CUDA array (an optimal-tiled image), false for linear memory. */
    public boolean isArray() {
        return pointer == null;
    }

    /**
     * The linear memory: {@code descriptor().size()} bytes, texture rows {@code descriptor().stride()} apart.
     *
     * @throws IllegalStateException for a CUDA array frame
     */
    public CUdeviceptr devicePointer() {
        if (pointer == null) {
            throw new IllegalStateException(name + " is a CUDA array (an optimal-tiled image): use array()");
        }
        return pointer;
    }

    /**
     * Level 0 of the CUDA array: for copies ({@code cuMemcpy3D}), texture or surface objects.
     *
     * @throws IllegalStateException for a linear-memory frame
     */
    public CUarray array() {
        requireArray();
        return memory.array();
    }

    /**
     * The one-level mipmapped array behind {@link #array()}.
     *
     * @throws IllegalStateException for a linear-memory frame
     */
    public CUmipmappedArray mipmappedArray() {
        requireArray();
        return memory.mipmappedArray();
    }

    /** Always {@code NULL}: the CPU cannot map CUDA memory. */
    public MemorySegment cpuMemory() {
        return MemorySegment.NULL;
    }

    /**
     * How {@link #upload}/{@link #download} lay the frame out in host memory: the descriptor itself
     * for linear memory, tightly packed rows (layers one after another) for an array.
     */
    public FrameDescriptor hostDescriptor() {
        return isArray() ? HostLayout.of(descriptor) : descriptor;
    }

    /** Copies {@link #hostDescriptor()}{@code .size()} bytes from {@code source} (native memory) into the frame; returns when done. */
    public void upload(MemorySegment source) {
        copy(source, true);
    }

    /** Copies the frame into {@code destination} (native memory, {@link #hostDescriptor()} layout), after the frame's pending GPU work; returns when done. */
    public void download(MemorySegment destination) {
        copy(destination, false);
    }

    /**
     * Queues a copy of {@link #hostDescriptor()}{@code .size()} bytes of device memory, laid out as
     * {@link #hostDescriptor()} (for an array: rows tightly packed, layers one after another), into
     * the frame on {@link #stream()}, and returns at once. For kernels, which cannot write a CUDA
     * array through a pointer: they write a packed buffer of this context, this moves it into the
     * array (for linear memory it is a plain device-to-device copy). Work queued on the stream
     * afterwards sees the copy; {@code source} must stay allocated and unchanged until the stream
     * has done it (ending or releasing the frame waits for the stream).
     *
     * @throws CudaCallException when the driver refuses the copy
     */
    public void copyFrom(CUdeviceptr source) {
        context.enter();
        try {
            int result;
            if (isArray()) {
                if (fromDevice == null) {
                    fromDevice = arrayCopy(hostDescriptor(), true);
                    fromDevice.srcMemoryType = CU_MEMORYTYPE_DEVICE;
                }
                fromDevice.srcDevice = source;
                result = JCudaDriver.cuMemcpy3DAsync(fromDevice, stream);
            } else {
                result = JCudaDriver.cuMemcpyDtoDAsync(pointer, source, descriptor.size(), stream);
            }
            if (result != CUDA_SUCCESS) {
                throw new CudaCallException(isArray() ? "cuMemcpy3DAsync" : "cuMemcpyDtoDAsync", result,
                        name + ", " + hostDescriptor().size() + " bytes from device memory " + source);
            }
        } finally {
            context.exit();
        }
    }

    private void copy(MemorySegment host, boolean toFrame) {
        FrameDescriptor layout = hostDescriptor();
        if (!host.isNative() || host.byteSize() < layout.size()) {
            throw new IllegalArgumentException(name + " needs " + layout.size() + " bytes of native host memory, got "
                    + host.byteSize() + (host.isNative() ? "" : " on the Java heap"));
        }
        context.enter();
        try {
            String call;
            int result;
            if (isArray()) {
                CUDA_MEMCPY3D copy = arrayCopy(layout, toFrame);
                if (toFrame) {
                    copy.srcMemoryType = CU_MEMORYTYPE_HOST;
                    copy.srcHost = JCudaHandles.hostPointer(host);
                } else {
                    copy.dstMemoryType = CU_MEMORYTYPE_HOST;
                    copy.dstHost = JCudaHandles.hostPointer(host);
                }
                call = "cuMemcpy3DAsync";
                result = JCudaDriver.cuMemcpy3DAsync(copy, stream);
            } else if (toFrame) {
                call = "cuMemcpyHtoDAsync";
                result = JCudaDriver.cuMemcpyHtoDAsync(pointer, JCudaHandles.hostPointer(host), layout.size(), stream);
            } else {
                call = "cuMemcpyDtoHAsync";
                result = JCudaDriver.cuMemcpyDtoHAsync(JCudaHandles.hostPointer(host), pointer, layout.size(), stream);
            }
            check(result, call, name + ", " + layout.size() + " bytes " + (toFrame ? "from" : "to") + " the host");
            awaitStream();
        } finally {
            context.exit();
        }
    }

    /**
     * A copy of the whole array, level 0, from ({@code toArray}) or to linear memory laid out as
     * {@code layout}; the caller sets the linear side's memory type and address.
     */
    private CUDA_MEMCPY3D arrayCopy(FrameDescriptor layout, boolean toArray) {
        CUDA_MEMCPY3D copy = new CUDA_MEMCPY3D();
        // Pitch and height describe the linear side; the driver ignores them on the array side (cuda.h).
        copy.srcPitch = layout.stride();
        copy.dstPitch = layout.stride();
        copy.srcHeight = layout.height();
        copy.dstHeight = layout.height();
        if (toArray) {
            copy.dstMemoryType = CU_MEMORYTYPE_ARRAY;
            copy.dstArray = memory.array();
        } else {
            copy.srcMemoryType = CU_MEMORYTYPE_ARRAY;
            copy.srcArray = memory.array();
        }
        copy.WidthInBytes = layout.stride();
        copy.Height = layout.height();
        copy.Depth = layout.layers();
        return copy;
    }

    /**
     * Waits until the work queued on the frame's stream is done; allocation-free.
     *
     * @throws TexlinkTimeoutException after the wait timeout
     */
    void synchronize() {
        context.enter();
        try {
            awaitStream();
        } finally {
            context.exit();
        }
    }

    /** Polls the stream (spinning briefly, then parking) until it is idle or the wait timeout passes; the context is current. */
    private void awaitStream() {
        long start = System.nanoTime();
        for (int polls = 1; ; polls++) {
            int result = JCudaDriver.cuStreamQuery(stream);
            if (result == CUDA_SUCCESS) {
                return;
            }
            if (result != CUDA_ERROR_NOT_READY) {
                check(result, "cuStreamQuery", name);
            }
            if (System.nanoTime() - start > waitTimeoutNanos) {
                throw new TexlinkTimeoutException(name + ": the GPU work queued on the frame's stream did not finish within "
                        + waitTimeoutNanos / 1_000_000 + " ms" + pendingWork());
            }
            if (polls < SPINS) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(PARK_NANOS);
            }
        }
    }

    /** What the stream may be waiting for, for the timeout message (e.g. the producer's timeline value). */
    String pendingWork() {
        return "";
    }

    private void requireArray() {
        if (pointer != null) {
            throw new IllegalStateException(name + " is linear memory: use devicePointer()");
        }
    }

    /**
     * Waits for the frame's stream, destroys it and frees the memory (not when the wait times out:
     * then the memory stays allocated, logged, rather than this call hanging). Idempotent.
     */
    public final void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            context.call(() -> {
                boolean idle = false;
                try {
                    awaitStream();
                    idle = true;
                } catch (TexlinkTimeoutException e) {
                    LOG.log(Level.WARNING, "texlink cuda: {0}; its memory stays allocated (freeing it would wait forever)", e.getMessage());
                } finally {
                    try {
                        check(JCudaDriver.cuStreamDestroy(stream), "cuStreamDestroy", name);
                    } finally {
                        if (idle) {
                            memory.close();
                        }
                    }
                }
                return null;
            });
        } finally {
            released();
        }
    }

    /** Called once by {@link #close()}, after the CUDA resources are freed. */
    void released() {
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + name + ", " + memory.describe() + (closed ? ", closed" : "") + "]";
    }
}
