package io.texlink.cuda;

import io.texlink.TexlinkUnsupportedException;
import io.texlink.backend.DeviceIdentity;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A GPU as the CUDA driver lists it.
 *
 * <p>Its {@link #identity()} is what a CUDA producer writes into the control block and what a
 * CUDA consumer compares: the device UUID from {@code cuDeviceGetUuid_v2}, which NVIDIA makes
 * equal to Vulkan's {@code deviceUUID} for the same GPU, and an all-zero driver UUID, because
 * CUDA has no counterpart of Vulkan's {@code driverUUID} (one NVIDIA kernel driver serves every
 * API of a machine, so the device UUID decides).
 *
 * @param ordinal     the driver's device number ({@code cuDeviceGet})
 * @param name        e.g. "NVIDIA H100 80GB HBM3"
 * @param identity    device UUID and an all-zero driver UUID
 * @param totalMemory bytes of device memory
 */
public record CudaDevice(int ordinal, String name, DeviceIdentity identity, long totalMemory) {

    /**
     * Every device the driver sees, in ordinal order.
     *
     * @throws TexlinkUnsupportedException without CUDA
     */
    public static List<CudaDevice> list() {
        CudaAvailability.check().require("CudaDevice.list");
        return CudaDevices.enumerate();
    }

    /**
     * The device a producer's memory lives on: the one whose UUID equals {@code producer}'s device
     * UUID (its driver UUID is Vulkan's and cannot be checked from CUDA).
     *
     * @throws TexlinkUnsupportedException without CUDA, or when no device here has that UUID
     */
    public static CudaDevice withUuidOf(DeviceIdentity producer) {
        List<CudaDevice> devices = list();
        return devices.stream().filter(d -> d.sameDeviceAs(producer)).findFirst().orElseThrow(() ->
                new TexlinkUnsupportedException("no CUDA device here is the producer's GPU (" + uuidText(producer.deviceUuid())
                        + "); this machine has " + devices.stream().map(CudaDevice::toString).collect(Collectors.joining("; "))
                        + ". Shared GPU memory can only be imported on the GPU that made it"));
    }

    /** True when {@code other}'s device UUID is this device's. */
    public boolean sameDeviceAs(DeviceIdentity other) {
        return Arrays.equals(identity.deviceUuid(), other.deviceUuid());
    }

    /** The UUID as {@code nvidia-smi -L} prints it: {@code GPU-xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}. */
    public String uuid() {
        return uuidText(identity.deviceUuid());
    }

    static String uuidText(byte[] uuid) {
        String hex = HexFormat.of().formatHex(uuid);
        return "GPU-" + hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20);
    }

    @Override
    public String toString() {
        return ordinal + " " + name + " (" + uuid() + ", " + (totalMemory >> 20) + " MiB)";
    }
}
