package io.texlink.cuda;

import io.texlink.posix.OwnedFd;
import jcuda.driver.CUstream;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static io.texlink.cuda.CudaCallException.check;
import static io.texlink.cuda.CudaStructs.EXTERNAL_SEMAPHORE_SIGNAL_PARAMS;
import static io.texlink.cuda.CudaStructs.EXTERNAL_SEMAPHORE_WAIT_PARAMS;
import static io.texlink.cuda.CudaStructs.SIGNAL_FENCE_VALUE;
import static io.texlink.cuda.CudaStructs.WAIT_FENCE_VALUE;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * A Vulkan timeline semaphore imported into CUDA ({@code cuImportExternalSemaphore} with
 * {@code CU_EXTERNAL_SEMAPHORE_HANDLE_TYPE_TIMELINE_SEMAPHORE_FD}): streams can wait for a value
 * ({@code cuWaitExternalSemaphoresAsync}) and signal one ({@code cuSignalExternalSemaphoresAsync}).
 *
 * <p>{@link CudaFrameImporter} imports the producer's shared timeline with it and waits on each
 * frame's stream for the notification's value. In a process that uses Vulkan and CUDA together,
 * import a semaphore Vulkan exported ({@code vkGetSemaphoreFdKHR}, OPAQUE_FD) to make Vulkan wait
 * for CUDA work (signal) or CUDA wait for Vulkan work. Values only grow; signal each value once.
 *
 * <p>Thread-safe; waits and signals allocate nothing.
 */
public final class CudaTimeline implements AutoCloseable {
    private final CudaContext context;
    private final Arena arena = Arena.ofShared();
    /** {@code CUexternalSemaphore[1]}. */
    private final MemorySegment semaphores = arena.allocate(ADDRESS);
    private final MemorySegment waitParams = arena.allocate(EXTERNAL_SEMAPHORE_WAIT_PARAMS);
    private final MemorySegment signalParams = arena.allocate(EXTERNAL_SEMAPHORE_SIGNAL_PARAMS);
    private MemorySegment semaphore;

    private CudaTimeline(CudaContext context) {
        this.context = context;
    }

    /**
     * Imports the timeline semaphore behind {@code handle} (an OPAQUE_FD from Vulkan) into
     * {@code context}'s device. Takes ownership of {@code handle} and closes it (the driver keeps a
     * duplicate), also on failure.
     *
     * @throws CudaCallException when the driver refuses it (e.g. a binary semaphore, another GPU's)
     */
    public static CudaTimeline importFd(CudaContext context, OwnedFd handle) {
        CudaTimeline timeline = new CudaTimeline(context);
        try (handle) {
            timeline.semaphore = context.call(() -> OwnedFd.importDuplicate(handle.fd(), CudaDriver::importTimelineSemaphore));
            timeline.semaphores.set(ADDRESS, 0, timeline.semaphore);
            return timeline;
        } catch (RuntimeException e) {
            timeline.arena.close();
            throw e;
        }
    }

    /** Makes work queued on {@code stream} after this call wait until the timeline reaches {@code value}. */
    public void waitAsync(long value, CUstream stream) {
        waitAsync(value, MemorySegment.ofAddress(JCudaHandles.handle(stream)));
    }

    /** Signals {@code value} once the work queued on {@code stream} before this call is done. */
    public void signalAsync(long value, CUstream stream) {
        signalAsync(value, MemorySegment.ofAddress(JCudaHandles.handle(stream)));
    }

    synchronized void waitAsync(long value, MemorySegment stream) {
        requireOpen();
        waitParams.set(JAVA_LONG, WAIT_FENCE_VALUE, value);
        context.enter();
        try {
            check(CudaDriver.waitExternalSemaphore(semaphores, waitParams, stream), "cuWaitExternalSemaphoresAsync");
        } finally {
            context.exit();
        }
    }

    synchronized void signalAsync(long value, MemorySegment stream) {
        requireOpen();
        signalParams.set(JAVA_LONG, SIGNAL_FENCE_VALUE, value);
        context.enter();
        try {
            check(CudaDriver.signalExternalSemaphore(semaphores, signalParams, stream), "cuSignalExternalSemaphoresAsync");
        } finally {
            context.exit();
        }
    }

    private void requireOpen() {
        if (semaphore == null) {
            throw new IllegalStateException("the CUDA timeline semaphore is closed");
        }
    }

    /** Destroys the imported semaphore (wait for the streams that use it first). Idempotent. */
    @Override
    public synchronized void close() {
        if (semaphore == null) {
            return;
        }
        MemorySegment destroyed = semaphore;
        semaphore = null;
        try {
            context.call(() -> {
                CudaDriver.destroyExternalSemaphore(destroyed);
                return null;
            });
        } finally {
            arena.close();
        }
    }
}
