package io.texlink.bench.gpu;

import jcuda.driver.CUipcEventHandle;
import jcuda.driver.CUipcMemHandle;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static org.assertj.core.api.Assertions.assertThat;

/** JCuda's IPC handles reached without a driver, and their trip through a shared frame. */
class IpcHandlesTest {

    @Test
    void theHandlesBytesAreTheArrayJCudaPassesToTheDriver() {
        CUipcMemHandle memory = new CUipcMemHandle();
        CUipcEventHandle event = new CUipcEventHandle();

        assertThat(IpcHandles.bytes(memory)).hasSize(IpcHandles.SIZE).isSameAs(IpcHandles.bytes(memory));
        assertThat(IpcHandles.bytes(event)).hasSize(IpcHandles.SIZE).isSameAs(IpcHandles.bytes(event));
    }

    @Test
    void handlesTravelThroughTheFrameIntoTheOtherSidesHandles() {
        byte[] memory = new byte[IpcHandles.SIZE];
        byte[] event = new byte[IpcHandles.SIZE];
        for (int i = 0; i < IpcHandles.SIZE; i++) {
            memory[i] = (byte) i;
            event[i] = (byte) (255 - i);
        }
        CUipcMemHandle received = new CUipcMemHandle();
        CUipcEventHandle receivedEvent = new CUipcEventHandle();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment frame = arena.allocate(HostFrameLayout.ipcFrame().size());

            HostFrameLayout.writeIpcHandles(frame, memory, event);
            HostFrameLayout.readIpcHandles(frame, IpcHandles.bytes(received), IpcHandles.bytes(receivedEvent));
        }

        assertThat(IpcHandles.bytes(received)).isEqualTo(memory);
        assertThat(IpcHandles.bytes(receivedEvent)).isEqualTo(event);
        assertThat(HostFrameLayout.IPC_MEMORY_HANDLE).isGreaterThanOrEqualTo(io.texlink.bench.FrameHeader.SIZE);
    }
}
