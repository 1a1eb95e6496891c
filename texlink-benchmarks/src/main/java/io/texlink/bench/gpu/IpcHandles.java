package io.texlink.bench.gpu;

import jcuda.driver.CUipcEventHandle;
import jcuda.driver.CUipcMemHandle;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The 64 bytes of JCuda's {@link CUipcMemHandle} and {@link CUipcEventHandle}, which travel to the
 * other process. JCuda 12.6.0 keeps them in a private {@code byte[] reserved} with no accessor
 * (javap); its JNI code copies the driver's handle into that array ({@code cuIpcGet*Handle}) and
 * passes the array's bytes by value ({@code cuIpcOpen*Handle}), seen in the disassembly of
 * {@code libJCudaDriver-12.6.0-linux-x86_64.so}. So the array is read and filled in place through a
 * private-access {@link VarHandle} (JCuda on the class path is open to it), as texlink's engine
 * reaches {@code NativePointerObject.nativePointer}.
 */
final class IpcHandles {
    /** {@code CU_IPC_HANDLE_SIZE} (cuda.h): bytes of either handle. */
    static final int SIZE = 64;
    private static final VarHandle MEMORY = reserved(CUipcMemHandle.class);
    private static final VarHandle EVENT = reserved(CUipcEventHandle.class);

    private IpcHandles() {
    }

    /** The handle's bytes: the array JCuda hands to the driver (writes go into the handle). */
    static byte[] bytes(CUipcMemHandle handle) {
        return (byte[]) MEMORY.get(handle);
    }

    /** The handle's bytes: the array JCuda hands to the driver (writes go into the handle). */
    static byte[] bytes(CUipcEventHandle handle) {
        return (byte[]) EVENT.get(handle);
    }

    private static VarHandle reserved(Class<?> type) {
        try {
            return MethodHandles.privateLookupIn(type, MethodHandles.lookup()).findVarHandle(type, "reserved", byte[].class);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(type.getName() + " has no byte[] reserved field; the CUDA IPC benchmark"
                    + " reads JCuda 12.6.0's handles", e);
        }
    }
}
