package io.texlink.backend;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * Which GPU and driver made the memory: Vulkan's {@code deviceUUID} and {@code driverUUID}
 * (16 bytes each). OPAQUE_FD memory may only be imported where both match.
 */
public record DeviceIdentity(byte[] deviceUuid, byte[] driverUuid) {
    public DeviceIdentity {
        if (deviceUuid.length != 16 || driverUuid.length != 16) {
            throw new IllegalArgumentException("device and driver UUIDs are 16 bytes");
        }
        deviceUuid = deviceUuid.clone();
        driverUuid = driverUuid.clone();
    }

    @Override
    public byte[] deviceUuid() {
        return deviceUuid.clone();
    }

    @Override
    public byte[] driverUuid() {
        return driverUuid.clone();
    }

    /** True when the UUIDs are all zero: the producer shares no GPU memory. */
    public boolean isNone() {
        return Arrays.equals(deviceUuid, new byte[16]) && Arrays.equals(driverUuid, new byte[16]);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DeviceIdentity other && Arrays.equals(deviceUuid, other.deviceUuid)
                && Arrays.equals(driverUuid, other.driverUuid);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(deviceUuid) + Arrays.hashCode(driverUuid);
    }

    @Override
    public String toString() {
        return "device " + HexFormat.of().formatHex(deviceUuid) + ", driver " + HexFormat.of().formatHex(driverUuid);
    }
}
