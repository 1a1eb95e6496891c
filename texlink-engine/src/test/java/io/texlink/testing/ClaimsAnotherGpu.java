package io.texlink.testing;

import io.texlink.Backend;
import io.texlink.FrameDescriptor;
import io.texlink.HandleType;
import io.texlink.backend.DeviceIdentity;
import io.texlink.backend.ExportedBuffer;
import io.texlink.backend.FrameAllocator;

import java.util.HexFormat;
import java.util.Optional;

/**
 * A GPU allocator that names another GPU in the control block (its own device UUID with the last
 * byte changed): what a consumer on the wrong device sees. Prints {@code CLAIMED GPU <uuid>}.
 */
public record ClaimsAnotherGpu(FrameAllocator real) implements FrameAllocator {
    @Override
    public Backend backend() {
        return real.backend();
    }

    @Override
    public HandleType handleType() {
        return real.handleType();
    }

    @Override
    public HandleType syncHandleType() {
        return real.syncHandleType();
    }

    @Override
    public int syncDescriptor() {
        return real.syncDescriptor();
    }

    @Override
    public Optional<DeviceIdentity> deviceIdentity() {
        DeviceIdentity own = real.deviceIdentity().orElseThrow();
        byte[] uuid = own.deviceUuid();
        uuid[15] ^= 0x55;
        System.out.println("CLAIMED GPU " + HexFormat.of().formatHex(uuid));
        return Optional.of(new DeviceIdentity(uuid, own.driverUuid()));
    }

    @Override
    public ExportedBuffer allocate(int index, FrameDescriptor requested) {
        return real.allocate(index, requested);
    }

    @Override
    public void close() {
        real.close();
    }
}
