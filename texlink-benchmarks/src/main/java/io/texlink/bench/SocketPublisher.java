package io.texlink.bench;

import io.texlink.pattern.TestPattern;
import org.newsclub.net.unix.AFUNIXServerSocketChannel;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.newsclub.net.unix.AFUNIXSocketChannel;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.file.Files;

/**
 * The writer of the socket baselines: listens on the trial's socket (junixsocket, blocking
 * channel) and sends the 24-byte header per frame, with the frame's bytes inline or copied into
 * shared memory first, as its {@link SocketPayload} says. The frame's content is a test pattern.
 */
final class SocketPublisher implements Publisher {
    private final TrialSpec spec;
    private final SocketPayload payload;
    private final Arena arena = Arena.ofShared();
    private final AFUNIXServerSocketChannel listener;
    private final MemorySegment header = arena.allocate(FrameHeader.SIZE, 8);
    private final ByteBuffer headerBytes = header.asByteBuffer();
    private final MemorySegment frame;
    private final ByteBuffer frameBytes;
    private final MemorySegment shared;
    private final int frameSize;
    private AFUNIXSocketChannel channel;

    SocketPublisher(TrialSpec spec, SocketPayload payload) throws IOException {
        this.spec = spec;
        this.payload = payload;
        this.frameSize = payload == SocketPayload.NOTICE_ONLY ? 0 : Math.toIntExact(spec.cell().size().bytes());
        this.frame = frameSize == 0 ? null : FrameMemory.touched(frameSize, arena);
        if (frame != null) {
            new TestPattern(spec.cell().size().descriptor()).fill(frame, 1);
        }
        this.frameBytes = frame == null ? null : frame.asByteBuffer();
        this.shared = payload == SocketPayload.SHARED_MEMORY
                ? FrameMemory.create(spec.sharedMemoryPath(), frameSize, arena) : null;
        this.listener = AFUNIXServerSocketChannel.open();
        listener.bind(AFUNIXSocketAddress.of(spec.socketPath()));
    }

    @Override
    public void awaitConsumers(int consumers, long timeoutNanos) throws IOException {
        channel = listener.accept();
    }

    @Override
    public boolean tryPublish(long frameId, int phase) throws IOException {
        long now = System.nanoTime();
        if (payload == SocketPayload.SHARED_MEMORY) {
            MemorySegment.copy(frame, 0, shared, 0, frameSize);
        }
        FrameHeader.write(header, now, frameId, phase, payload == SocketPayload.INLINE ? frameSize : 0);
        writeFully(headerBytes.clear());
        if (payload == SocketPayload.INLINE) {
            writeFully(frameBytes.clear());
        }
        return true;
    }

    private void writeFully(ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    @Override
    public void close() throws IOException {
        // Bytes already written stay readable for the consumer after this side closes.
        if (channel != null) {
            channel.close();
        }
        listener.close();
        Files.deleteIfExists(spec.socketPath());
        Files.deleteIfExists(spec.sharedMemoryPath());
        arena.close();
    }
}
