package io.texlink.bench.gpu;

import io.texlink.ServerOptions;
import io.texlink.WritableFrame;
import io.texlink.bench.FrameHeader;
import io.texlink.bench.FrameSize;
import io.texlink.bench.FrameWriter;
import io.texlink.bench.TexlinkPublisher;
import io.texlink.bench.TrialSpec;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUevent;
import jcuda.driver.CUipcEventHandle;
import jcuda.driver.CUipcMemHandle;
import jcuda.driver.JCudaDriver;

import java.lang.foreign.MemorySegment;

import static jcuda.driver.CUevent_flags.CU_EVENT_DISABLE_TIMING;
import static jcuda.driver.CUevent_flags.CU_EVENT_INTERPROCESS;

/**
 * The producer of CUDA IPC: what an application does with CUDA's own sharing. One
 * {@code cuMemAlloc} buffer of the cell's frame size and one IPC event
 * ({@code CU_EVENT_INTERPROCESS | CU_EVENT_DISABLE_TIMING}) per texlink buffer, shared once through
 * {@code cuIpcGetMemHandle}/{@code cuIpcGetEventHandle}. Per frame it queues
 * {@code cuMemsetD32Async} of the {@link GpuStamp} into the buffer with the free texlink buffer's
 * index and {@code cuEventRecord} of that buffer's event, takes its timestamp, and publishes the
 * texlink CPU frame ({@link HostFrameLayout#ipcFrame}): the {@link FrameHeader}, and the buffer's
 * handles the first time that index is published. texlink's buffer rotation keeps the producer off
 * a GPU buffer while the consumer holds its index.
 */
public final class IpcProducer implements FrameWriter {
    private static final String WHAT = "CUDA IPC producer";

    private final long bytes;
    private final CudaStream cuda;
    private final CUdeviceptr[] frames;
    private final CUevent[] events;
    private final byte[][] memoryHandles;
    private final byte[][] eventHandles;
    private final String[] names;
    private final boolean[] announced;

    private IpcProducer(FrameSize size, int buffers) {
        this.bytes = size.bytes();
        this.frames = new CUdeviceptr[buffers];
        this.events = new CUevent[buffers];
        this.memoryHandles = new byte[buffers][];
        this.eventHandles = new byte[buffers][];
        this.names = new String[buffers];
        this.announced = new boolean[buffers];
        this.cuda = new CudaStream(WHAT);
        try {
            for (int i = 0; i < buffers; i++) {
                share(i);
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Allocates buffer {@code i} and its event, and takes their IPC handles. */
    private void share(int i) {
        names[i] = WHAT + ", buffer " + i + " (" + bytes + " bytes)";
        CUdeviceptr frame = new CUdeviceptr();
        CudaCalls.check(JCudaDriver.cuMemAlloc(frame, bytes), "cuMemAlloc", names[i]);
        frames[i] = frame;
        CUevent event = new CUevent();
        CudaCalls.check(JCudaDriver.cuEventCreate(event, CU_EVENT_INTERPROCESS | CU_EVENT_DISABLE_TIMING), "cuEventCreate",
                names[i] + ", CU_EVENT_INTERPROCESS | CU_EVENT_DISABLE_TIMING");
        events[i] = event;
        CUipcMemHandle memory = new CUipcMemHandle();
        CudaCalls.check(JCudaDriver.cuIpcGetMemHandle(memory, frame), "cuIpcGetMemHandle", names[i]);
        memoryHandles[i] = IpcHandles.bytes(memory);
        CUipcEventHandle handle = new CUipcEventHandle();
        CudaCalls.check(JCudaDriver.cuIpcGetEventHandle(handle, event), "cuIpcGetEventHandle", names[i]);
        eventHandles[i] = IpcHandles.bytes(handle);
    }

    /** The trial's publisher: small texlink CPU frames naming the GPU buffers. */
    public static TexlinkPublisher publisher(TrialSpec spec) {
        return new TexlinkPublisher(spec, HostFrameLayout.ipcFrame(), ServerOptions::defaultCpuAllocator,
                new IpcProducer(spec.cell().size(), spec.cell().buffers()));
    }

    @Override
    public void write(WritableFrame frame, long frameId, int phase) {
        int i = frame.index();
        MemorySegment memory = frame.memory();
        if (!announced[i]) {
            HostFrameLayout.writeIpcHandles(memory, memoryHandles[i], eventHandles[i]);
            announced[i] = true;
        }
        CudaCalls.check(JCudaDriver.cuMemsetD32Async(frames[i], GpuStamp.encode(frameId, phase), GpuStamp.WORDS, cuda.stream()),
                "cuMemsetD32Async", names[i]);
        CudaCalls.check(JCudaDriver.cuEventRecord(events[i], cuda.stream()), "cuEventRecord", names[i]);
        FrameHeader.write(memory, System.nanoTime(), frameId, phase, 0);
    }

    /**
     * Waits for the stream, then frees the events and buffers (after the consumer closed its
     * mappings: the publisher closes once the consumer left), the stream and the context.
     */
    @Override
    public void close() {
        try {
            CudaCalls.check(JCudaDriver.cuStreamSynchronize(cuda.stream()), "cuStreamSynchronize", WHAT + ", closing");
            for (int i = 0; i < frames.length; i++) {
                if (events[i] != null) {
                    CudaCalls.check(JCudaDriver.cuEventDestroy(events[i]), "cuEventDestroy", names[i]);
                }
                if (frames[i] != null) {
                    CudaCalls.check(JCudaDriver.cuMemFree(frames[i]), "cuMemFree", names[i]);
                }
            }
        } finally {
            cuda.close();
        }
    }
}
