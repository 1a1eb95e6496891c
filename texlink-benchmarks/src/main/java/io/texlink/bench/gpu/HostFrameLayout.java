package io.texlink.bench.gpu;

import io.texlink.FrameDescriptor;
import io.texlink.FrameType;
import io.texlink.bench.FrameHeader;
import io.texlink.bench.FrameSize;

import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;

/**
 * The texlink CPU frames through which the two methods without texlink's GPU sharing send their
 * notice (CUDA IPC, readback + copy + upload): the {@link FrameHeader} at offset 0, then a
 * payload at {@link #PAYLOAD}: the frame's CUDA IPC handles, or the pixels read back.
 */
final class HostFrameLayout {
    /** The payload's offset: past the 24-byte header, 64-byte aligned for the copies. */
    static final int PAYLOAD = 64;
    /** CUDA IPC: the {@code CUipcMemHandle} of the GPU buffer with the same index as this frame. */
    static final int IPC_MEMORY_HANDLE = PAYLOAD;
    /** CUDA IPC: the {@code CUipcEventHandle} recorded after that buffer's write. */
    static final int IPC_EVENT_HANDLE = IPC_MEMORY_HANDLE + IpcHandles.SIZE;
    /** CUDA IPC: bytes of a frame. */
    static final int IPC_FRAME_BYTES = IPC_EVENT_HANDLE + IpcHandles.SIZE;

    private HostFrameLayout() {
    }

    /** The CUDA IPC session's frames: header and two handles. */
    static FrameDescriptor ipcFrame() {
        return FrameDescriptor.buffer(FrameType.RAW, IPC_FRAME_BYTES);
    }

    /** The readback session's frames: header and the pixels of a frame of {@code size} (RGBA, tightly packed). */
    static FrameDescriptor readbackFrame(FrameSize size) {
        return FrameDescriptor.buffer(FrameType.RAW, PAYLOAD + size.bytes());
    }

    /** The pixels of a readback frame. */
    static MemorySegment pixels(MemorySegment frame, FrameSize size) {
        return frame.asSlice(PAYLOAD, size.bytes());
    }

    static void writeIpcHandles(MemorySegment frame, byte[] memoryHandle, byte[] eventHandle) {
        MemorySegment.copy(memoryHandle, 0, frame, JAVA_BYTE, IPC_MEMORY_HANDLE, IpcHandles.SIZE);
        MemorySegment.copy(eventHandle, 0, frame, JAVA_BYTE, IPC_EVENT_HANDLE, IpcHandles.SIZE);
    }

    static void readIpcHandles(MemorySegment frame, byte[] memoryHandle, byte[] eventHandle) {
        MemorySegment.copy(frame, JAVA_BYTE, IPC_MEMORY_HANDLE, memoryHandle, 0, IpcHandles.SIZE);
        MemorySegment.copy(frame, JAVA_BYTE, IPC_EVENT_HANDLE, eventHandle, 0, IpcHandles.SIZE);
    }
}
