package io.texlink.cuda;

import io.texlink.backend.DeviceIdentity;
import jcuda.driver.CUdevice;
import jcuda.driver.JCudaDriver;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.texlink.cuda.CudaCallException.check;

/**
 * The driver's device list, without the availability check (the probe itself uses it). Kept out
 * of {@link CudaDevice} so that the public types link without JCuda on the class path: verifying
 * this code loads JCuda's classes.
 */
final class CudaDevices {
    private CudaDevices() {
    }

    /** Every device, in ordinal order; needs an initialised driver. */
    static List<CudaDevice> enumerate() {
        int[] count = new int[1];
        check(JCudaDriver.cuDeviceGetCount(count), "cuDeviceGetCount");
        List<CudaDevice> devices = new ArrayList<>(count[0]);
        for (int ordinal = 0; ordinal < count[0]; ordinal++) {
            CUdevice device = new CUdevice();
            check(JCudaDriver.cuDeviceGet(device, ordinal), "cuDeviceGet", "ordinal " + ordinal);
            byte[] name = new byte[256];
            check(JCudaDriver.cuDeviceGetName(name, name.length, device), "cuDeviceGetName", "ordinal " + ordinal);
            long[] memory = new long[1];
            check(JCudaDriver.cuDeviceTotalMem(memory, device), "cuDeviceTotalMem", "ordinal " + ordinal);
            byte[] uuid = CudaDriver.deviceUuid((int) JCudaHandles.handle(device));
            int length = 0;
            while (length < name.length && name[length] != 0) {
                length++;
            }
            devices.add(new CudaDevice(ordinal, new String(name, 0, length, StandardCharsets.UTF_8),
                    new DeviceIdentity(uuid, new byte[16]), memory[0]));
        }
        return devices;
    }
}
