package io.texlink.cuda;

import jcuda.NativePointerObject;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUmipmappedArray;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Moves native handles between JCuda's objects and FFM. JCuda keeps a handle in the private
 * {@code NativePointerObject.nativePointer} (plus {@code Pointer.byteOffset}) and passes
 * {@code nativePointer + byteOffset} to the driver.
 * <ul>
 *   <li>Addresses become {@code Pointer}/{@code CUdeviceptr} through JCuda's public
 *       {@code withByteOffset} on a null pointer.</li>
 *   <li>Other handles ({@code CUstream}, {@code CUdevice}, {@code CUmipmappedArray}) have no public
 *       accessor, so their field is read and written through a private-access {@link VarHandle}
 *       (JCuda lives on the class path or is an automatic module; both are open to it).</li>
 * </ul>
 */
final class JCudaHandles {
    private static final VarHandle NATIVE_POINTER;

    static {
        try {
            NATIVE_POINTER = MethodHandles.privateLookupIn(NativePointerObject.class, MethodHandles.lookup())
                    .findVarHandle(NativePointerObject.class, "nativePointer", long.class);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("this JCuda has no NativePointerObject.nativePointer field; texlink's CUDA"
                    + " backend supports JCuda 12.6.0", e);
        }
    }

    private JCudaHandles() {
    }

    /** A JCuda device pointer to {@code address}. */
    static CUdeviceptr devicePointer(long address) {
        return new CUdeviceptr().withByteOffset(address);
    }

    /** A JCuda pointer to native host memory (e.g. an {@code Arena}'s segment). */
    static Pointer hostPointer(MemorySegment memory) {
        return new Pointer().withByteOffset(memory.address());
    }

    /** The native handle in a JCuda object that is not a {@code Pointer} (stream, device, array). */
    static long handle(NativePointerObject object) {
        return (long) NATIVE_POINTER.get(object);
    }

    /** A JCuda {@code CUmipmappedArray} for a handle the driver returned through FFM. */
    static CUmipmappedArray mipmappedArray(long handle) {
        CUmipmappedArray array = new CUmipmappedArray();
        NATIVE_POINTER.set(array, handle);
        return array;
    }
}
