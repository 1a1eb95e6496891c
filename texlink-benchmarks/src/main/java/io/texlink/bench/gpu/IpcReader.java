package io.texlink.bench.gpu;

import io.texlink.WaitStrategy;
import io.texlink.bench.FrameHeader;
import io.texlink.bench.TexlinkReceiver;
import io.texlink.bench.TrialSpec;
import io.texlink.cpu.CpuFrameImporter;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUevent;
import jcuda.driver.CUipcEventHandle;
import jcuda.driver.CUipcMemHandle;
import jcuda.driver.CUstream;
import jcuda.driver.JCudaDriver;

import java.lang.foreign.MemorySegment;

import static jcuda.driver.CUipcMem_flags.CU_IPC_MEM_LAZY_ENABLE_PEER_ACCESS;

/**
 * The consumer of CUDA IPC: acquires the texlink CPU frame, opens the GPU buffer and event it names
 * the first time it sees that index ({@code cuIpcOpenMemHandle}, {@code cuIpcOpenEventHandle}: in
 * the warm-up), then queues {@code cuStreamWaitEvent} on the event before the copy of the
 * {@link GpuStamp}. The latency runs from the producer's timestamp in the {@link FrameHeader},
 * taken after its {@code cuEventRecord}, to the stream's completion.
 */
public final class IpcReader extends HostNoticeReader {
    private static final String WHAT = "CUDA IPC consumer";

    private final CUdeviceptr[] frames;
    private final CUevent[] events;

    private IpcReader(int buffers) {
        super(WHAT);
        this.frames = new CUdeviceptr[buffers];
        this.events = new CUevent[buffers];
    }

    /** The trial's receiver: blocking waits (texlink's default), CPU frames mapped in place. */
    public static TexlinkReceiver receiver(TrialSpec spec) {
        return new TexlinkReceiver(spec, WaitStrategy.blocking(), CpuFrameImporter::new, new IpcReader(spec.cell().buffers()));
    }

    @Override
    CUdeviceptr queue(int index, MemorySegment memory, CUstream stream) {
        if (frames[index] == null) {
            open(index, memory);
        }
        CudaCalls.check(JCudaDriver.cuStreamWaitEvent(stream, events[index], 0), "cuStreamWaitEvent", WHAT);
        return frames[index];
    }

    /** Opens the GPU buffer and event whose handles the CPU frame of buffer {@code i} carries. */
    private void open(int i, MemorySegment memory) {
        CUipcMemHandle memoryHandle = new CUipcMemHandle();
        CUipcEventHandle eventHandle = new CUipcEventHandle();
        HostFrameLayout.readIpcHandles(memory, IpcHandles.bytes(memoryHandle), IpcHandles.bytes(eventHandle));
        CUevent event = new CUevent();
        CudaCalls.check(JCudaDriver.cuIpcOpenEventHandle(event, eventHandle), "cuIpcOpenEventHandle", WHAT + ", buffer " + i);
        events[i] = event;
        CUdeviceptr frame = new CUdeviceptr();
        CudaCalls.check(JCudaDriver.cuIpcOpenMemHandle(frame, memoryHandle, CU_IPC_MEM_LAZY_ENABLE_PEER_ACCESS),
                "cuIpcOpenMemHandle", WHAT + ", buffer " + i);
        frames[i] = frame;
    }

    /** Closes the mappings and events it opened, before the producer frees them (it waits for this consumer to leave). */
    @Override
    void release() {
        for (int i = 0; i < frames.length; i++) {
            if (frames[i] != null) {
                CudaCalls.check(JCudaDriver.cuIpcCloseMemHandle(frames[i]), "cuIpcCloseMemHandle", WHAT + ", buffer " + i);
            }
            if (events[i] != null) {
                CudaCalls.check(JCudaDriver.cuEventDestroy(events[i]), "cuEventDestroy", WHAT + ", buffer " + i);
            }
        }
    }
}
