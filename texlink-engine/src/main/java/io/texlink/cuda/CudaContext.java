package io.texlink.cuda;

import io.texlink.TexlinkUnsupportedException;
import io.texlink.backend.DeviceIdentity;
import io.texlink.lifecycle.ShutdownCloser;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUstream;
import jcuda.driver.JCudaDriver;

import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static io.texlink.cuda.CudaCallException.check;
import static jcuda.driver.CUstream_flags.CU_STREAM_NON_BLOCKING;

/**
 * The primary CUDA context of one device, retained for texlink's frames, importers and
 * allocators: the context the CUDA runtime API and most libraries use on that device too, so
 * pointers and arrays from texlink work in theirs.
 *
 * <p>texlink makes it current around each of its driver calls (push and pop, so the calling
 * thread's own current context is left alone). To use a frame's memory with your JCuda code, make
 * {@link #context()} current on your thread ({@code cuCtxSetCurrent}) and order your stream after
 * the frame's ({@code CudaFrame.stream()}).
 *
 * <p>Close it after everything made on it: closing releases the retained context, and the driver
 * destroys it with what is left in it once nothing else holds it. Still-open contexts are released
 * at JVM exit. Thread-safe.
 */
public final class CudaContext implements AutoCloseable {
    private final CudaDevice device;
    private final CUdevice cuDevice = new CUdevice();
    private final CUcontext context = new CUcontext();
    /** Where {@code cuCtxPopCurrent} writes the popped context; its value is not used. */
    private final CUcontext popped = new CUcontext();
    private long granularity;
    private boolean closed;

    private CudaContext(CudaDevice device) {
        this.device = device;
        check(JCudaDriver.cuDeviceGet(cuDevice, device.ordinal()), "cuDeviceGet", "device " + device);
        check(JCudaDriver.cuDevicePrimaryCtxRetain(context, cuDevice), "cuDevicePrimaryCtxRetain", "device " + device);
        ShutdownCloser.closeAtExit(this);
    }

    /**
     * The primary context of device {@code ordinal}.
     *
     * @throws TexlinkUnsupportedException without CUDA, or when there is no such device
     */
    public static CudaContext open(int ordinal) {
        CudaAvailability.check().require("CudaContext");
        List<CudaDevice> devices = CudaDevices.enumerate();
        if (ordinal < 0 || ordinal >= devices.size()) {
            throw new TexlinkUnsupportedException("there is no CUDA device " + ordinal + "; this machine has "
                    + devices.stream().map(CudaDevice::toString).collect(Collectors.joining("; ")));
        }
        return new CudaContext(devices.get(ordinal));
    }

    /**
     * The primary context of {@code device} (from {@link CudaDevice#list()} or {@link CudaDevice#withUuidOf}).
     *
     * @throws TexlinkUnsupportedException without CUDA
     */
    public static CudaContext open(CudaDevice device) {
        CudaAvailability.check().require("CudaContext");
        return new CudaContext(device);
    }

    public CudaDevice device() {
        return device;
    }

    /** The retained primary context. */
    public CUcontext context() {
        return context;
    }

    /** The JCuda device handle. */
    public CUdevice cuDevice() {
        return cuDevice;
    }

    /** The device's UUID (and an all-zero driver UUID), as a CUDA producer announces it. */
    public DeviceIdentity identity() {
        return device.identity();
    }

    /** Pushes this context as the calling thread's current one; pair with {@link #exit()}. */
    void enter() {
        check(JCudaDriver.cuCtxPushCurrent(context), "cuCtxPushCurrent");
    }

    /** Pops what {@link #enter()} pushed. */
    void exit() {
        check(JCudaDriver.cuCtxPopCurrent(popped), "cuCtxPopCurrent");
    }

    /** Runs {@code work} with this context current (setup paths; per-frame code pairs enter/exit). */
    <T> T call(Supplier<T> work) {
        enter();
        try {
            return work.get();
        } finally {
            exit();
        }
    }

    /** A new non-blocking stream (it does not wait for the legacy default stream). */
    CUstream newStream(String what) {
        return call(() -> {
            CUstream stream = new CUstream();
            check(JCudaDriver.cuStreamCreate(stream, CU_STREAM_NON_BLOCKING), "cuStreamCreate", what);
            return stream;
        });
    }

    /** Granularity of VMM allocations exportable as POSIX fds on this device (queried once). */
    synchronized long vmmGranularity() {
        if (granularity == 0) {
            granularity = call(() -> CudaDriver.allocationGranularity(device.ordinal()));
        }
        return granularity;
    }

    /** Releases the primary context. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        ShutdownCloser.forget(this);
        check(JCudaDriver.cuDevicePrimaryCtxRelease(cuDevice), "cuDevicePrimaryCtxRelease", "device " + device);
    }

    @Override
    public String toString() {
        return "CudaContext[" + device + (closed ? ", closed" : "") + "]";
    }
}
