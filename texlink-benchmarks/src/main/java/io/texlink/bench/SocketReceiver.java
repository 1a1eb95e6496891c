package io.texlink.bench;

import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.newsclub.net.unix.AFUNIXSocketChannel;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

/**
 * The reader of the socket baselines: blocks in {@code read} for the header, then reads the
 * frame's bytes from the socket or copies them out of shared memory into its own buffer. The
 * frame has arrived when that copy is done.
 */
final class SocketReceiver extends Receiver {
    private final SocketPayload payload;
    private final Arena arena = Arena.ofShared();
    private final AFUNIXSocketChannel channel;
    private final MemorySegment header = arena.allocate(FrameHeader.SIZE, 8);
    private final ByteBuffer headerBytes = header.asByteBuffer();
    private final int frameSize;
    private final MemorySegment frame;
    private final ByteBuffer frameBytes;
    private final MemorySegment shared;

    SocketReceiver(TrialSpec spec, SocketPayload payload) throws IOException {
        this.payload = payload;
        this.frameSize = payload == SocketPayload.NOTICE_ONLY ? 0 : Math.toIntExact(spec.cell().size().bytes());
        this.frame = frameSize == 0 ? null : FrameMemory.touched(frameSize, arena);
        this.frameBytes = frame == null ? null : frame.asByteBuffer();
        this.shared = payload == SocketPayload.SHARED_MEMORY ? FrameMemory.open(spec.sharedMemoryPath(), frameSize, arena) : null;
        this.channel = AFUNIXSocketChannel.open(AFUNIXSocketAddress.of(spec.socketPath()));
    }

    @Override
    boolean receive(long timeoutNanos) throws IOException {
        if (!readFully(headerBytes.clear())) {
            return false;
        }
        int inline = FrameHeader.payloadBytes(header);
        if (inline > 0 && !readFully(frameBytes.clear().limit(inline))) {
            return false;
        }
        if (payload == SocketPayload.SHARED_MEMORY) {
            MemorySegment.copy(shared, 0, frame, 0, frameSize);
        }
        received(System.nanoTime() - FrameHeader.sendNanos(header), FrameHeader.phase(header));
        return true;
    }

    /** Blocks until {@code bytes} is full; false at end of stream. */
    private boolean readFully(ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            if (channel.read(bytes) < 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        channel.close();
        arena.close();
    }
}
