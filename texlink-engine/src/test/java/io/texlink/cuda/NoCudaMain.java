package io.texlink.cuda;

import io.texlink.TexlinkUnsupportedException;
import io.texlink.backend.DeviceIdentity;
import io.texlink.cpu.MemfdFrameAllocator;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A fresh JVM that probes CUDA and calls every entry point of the backend, for
 * {@link CudaUnavailableIT}: prints {@code AVAILABLE <true|false> <reason>}, then per entry point
 * {@code UNSUPPORTED <name>: <message>}, {@code WORKS <name>} or {@code OTHER <name>: <throwable>},
 * then {@code DONE}. A crash or an escaping error shows as a missing DONE or a non-zero exit.
 */
public final class NoCudaMain {
    private NoCudaMain() {
    }

    public static void main(String[] args) {
        CudaAvailability cuda = CudaAvailability.check();
        System.out.println("AVAILABLE " + cuda.available() + " " + cuda.reason());
        Map<String, Runnable> entryPoints = new LinkedHashMap<>();
        entryPoints.put("CudaDevice.list", CudaDevice::list);
        entryPoints.put("CudaDevice.withUuidOf", () -> CudaDevice.withUuidOf(new DeviceIdentity(new byte[16], new byte[16])));
        entryPoints.put("CudaContext.open", () -> CudaContext.open(0).close());
        entryPoints.put("CudaFrameImporter", () -> CudaFrameImporter.builder().build().close());
        entryPoints.put("CudaFrameAllocator", () -> CudaFrameAllocator.builder().build().close());
        entryPoints.put("CudaMappedFrameAllocator", () -> CudaMappedFrameAllocator.builder(new MemfdFrameAllocator()).build().close());
        entryPoints.forEach((name, call) -> {
            try {
                call.run();
                System.out.println("WORKS " + name);
            } catch (TexlinkUnsupportedException e) {
                System.out.println("UNSUPPORTED " + name + ": " + e.getMessage());
            } catch (Throwable t) {
                System.out.println("OTHER " + name + ": " + t);
            }
        });
        System.out.println("DONE");
    }
}
