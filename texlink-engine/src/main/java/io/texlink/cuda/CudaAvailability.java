package io.texlink.cuda;

import io.texlink.TexlinkUnsupportedException;

import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Whether this process can use the CUDA backend, and if not, why. The probe runs once per JVM
 * (on the first {@link #check()}) and never crashes it: it looks for JCuda on the class path,
 * opens {@code libcuda.so.1} through FFM before JCuda's JNI library (which links it) is loaded,
 * then initialises the driver and lists the devices. Every entry point of {@code io.texlink.cuda}
 * calls {@link #require} first, so without a driver they throw
 * {@link TexlinkUnsupportedException} with this reason.
 *
 * @param available true when the driver initialised and sees at least one device
 * @param reason    for operators: the driver version and devices, or what is missing and what to do
 */
public record CudaAvailability(boolean available, String reason) {
    /** The NVIDIA driver's CUDA library, as JCuda's JNI code links it. */
    static final String DRIVER_LIBRARY = "libcuda.so.1";

    /** The outcome of this JVM's probe (run on the first call, then cached). */
    public static CudaAvailability check() {
        return Probe.RESULT;
    }

    /**
     * @param what the operation that needs CUDA, for the message (e.g. "CudaFrameImporter")
     * @throws TexlinkUnsupportedException when CUDA is not available, with the reason
     */
    public void require(String what) {
        if (!available) {
            throw new TexlinkUnsupportedException(what + " needs CUDA, which is not available here: " + reason);
        }
    }

    /** Holder: the probe runs when {@link #check()} first reads it. */
    private static final class Probe {
        static final CudaAvailability RESULT = probe();
    }

    static CudaAvailability probe() {
        String os = System.getProperty("os.name");
        if (!os.equals("Linux")) {
            return unavailable("texlink's CUDA backend runs on Linux only; this is " + os);
        }
        try {
            Class.forName("jcuda.driver.JCudaDriver", false, CudaAvailability.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return unavailable("JCuda is not on the class path; add org.jcuda:jcuda:12.6.0 (with its jcuda-natives) to use"
                    + " the CUDA backend");
        }
        try (Arena probe = Arena.ofConfined()) {
            SymbolLookup.libraryLookup(DRIVER_LIBRARY, probe);
        } catch (IllegalArgumentException e) {
            return unavailable(DRIVER_LIBRARY + " cannot be loaded, so no NVIDIA driver is installed here (or it is not on"
                    + " the library path): " + e.getMessage());
        }
        return DriverProbe.run();
    }

    private static CudaAvailability unavailable(String reason) {
        return new CudaAvailability(false, reason);
    }

    /** Touches JCuda's native library and the FFM bindings, once the driver library is known to load. */
    private static final class DriverProbe {
        static CudaAvailability run() {
            int init;
            try {
                init = jcuda.driver.JCudaDriver.cuInit(0);
            } catch (LinkageError e) {
                return unavailable("JCuda's native library does not load: " + describe(e));
            }
            if (init != 0) {
                return unavailable("cuInit failed: " + CudaCallException.resultName(init) + " (" + init + ")"
                        + (init == jcuda.driver.CUresult.CUDA_ERROR_NO_DEVICE ? "; the driver sees no CUDA device" : ""));
            }
            List<CudaDevice> devices;
            try {
                devices = CudaDevices.enumerate();
            } catch (LinkageError e) { // the FFM bindings: a driver without the interop entry points
                return unavailable(describe(e));
            } catch (CudaCallException e) {
                return unavailable(e.getMessage());
            }
            if (devices.isEmpty()) {
                return unavailable("the NVIDIA driver sees no CUDA device");
            }
            int[] version = new int[1];
            jcuda.driver.JCudaDriver.cuDriverGetVersion(version);
            return new CudaAvailability(true, "CUDA driver " + version[0] / 1000 + "." + version[0] % 1000 / 10 + " with "
                    + devices.size() + " device(s): " + devices.stream().map(CudaDevice::toString).collect(Collectors.joining("; ")));
        }

    }

    /**
     * One line for a failed native load or binding: its first line, plus the nested
     * {@code UnsatisfiedLinkError} lines JCuda's loader collects (which name the missing library).
     */
    static String describe(LinkageError e) {
        Throwable source = e.getCause() != null ? e.getCause() : e;
        String text = String.valueOf(source.getMessage());
        StringBuilder out = new StringBuilder(text.lines().findFirst().orElse("").strip());
        text.lines().skip(1).map(String::strip).filter(l -> l.startsWith("java.lang.UnsatisfiedLinkError:"))
                .map(l -> l.substring("java.lang.UnsatisfiedLinkError:".length()).strip()).distinct()
                .forEach(l -> out.append("; ").append(l));
        return out.toString();
    }
}
