package io.texlink.hostile;

import io.texlink.Backend;
import io.texlink.Buffering;
import io.texlink.FrameDescriptor;
import io.texlink.FrameMeta;
import io.texlink.HandleType;
import io.texlink.PixelFormat;
import io.texlink.control.ControlBlock;
import io.texlink.wire.Handshake;
import io.texlink.wire.HandshakeRecord;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.newsclub.net.unix.FileDescriptorCast;

import java.io.FileDescriptor;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A producer that says whatever a test scripts, written straight on junixsocket: it accepts one
 * consumer and runs the script against its socket, then closes.
 */
final class FakeProducer implements AutoCloseable {
    /** What the fake producer does with the one consumer it accepts. */
    interface Script {
        void run(FakeProducer producer, AFUNIXSocket consumer) throws Exception;
    }

    static final FrameDescriptor SMALL = FrameDescriptor.texture2d(16, 16, PixelFormat.ABGR8888);

    final Path socket;
    final String controlBlockName;
    private final AFUNIXServerSocket server;
    private final Thread thread;
    private volatile Throwable failure;
    private ControlBlock controlBlock;

    FakeProducer(Path socket, Script script) throws IOException {
        this.socket = socket;
        String file = socket.getFileName().toString();
        this.controlBlockName = "/texlink_" + file.substring(0, file.lastIndexOf('.'));
        this.server = AFUNIXServerSocket.newInstance();
        server.bind(AFUNIXSocketAddress.of(socket));
        this.thread = Thread.ofPlatform().daemon().start(() -> {
            try (AFUNIXSocket consumer = server.accept()) {
                script.run(this, consumer);
                consumer.getInputStream().read(); // keep the connection until the consumer hangs up
            } catch (Throwable t) {
                failure = t;
            }
        });
    }

    static FrameMeta meta(FrameDescriptor d) {
        return meta(d, HandleType.UNKNOWN);
    }

    static FrameMeta meta(FrameDescriptor d, HandleType sync) {
        return new FrameMeta(Backend.CPU, HandleType.OPAQUE_FD, d, 0, sync, 0);
    }

    /** Creates a genuine control block for {@code buffers} buffers, unless one exists already. */
    void createControlBlock(int buffers) {
        if (controlBlock == null) {
            controlBlock = ControlBlock.create(controlBlockName, buffers, meta(SMALL), false, Optional.empty());
        }
    }

    /** A valid 152-byte handshake, as bytes a test may then corrupt. */
    byte[] handshake(int buffers, FrameDescriptor d) {
        return handshake(buffers, meta(d));
    }

    /** A valid handshake announcing {@code meta}. */
    byte[] handshake(int buffers, FrameMeta meta) {
        MemorySegment bytes = MemorySegment.ofArray(new byte[HandshakeRecord.SIZE]);
        HandshakeRecord.write(bytes, new Handshake(buffers, Buffering.ofCount(buffers), meta, controlBlockName));
        return bytes.toArray(ValueLayout.JAVA_BYTE);
    }

    static void send(AFUNIXSocket consumer, byte[] bytes) throws IOException {
        OutputStream out = consumer.getOutputStream();
        out.write(bytes);
        out.flush();
    }

    /** One dummy byte carrying {@code fds}, as v3 sends each buffer (with any number of descriptors). */
    static void sendDescriptors(AFUNIXSocket consumer, int... fds) throws IOException {
        FileDescriptor[] descriptors = new FileDescriptor[fds.length];
        for (int i = 0; i < fds.length; i++) {
            descriptors[i] = FileDescriptorCast.unsafeUsing(fds[i]).getFileDescriptor();
        }
        consumer.setOutboundFileDescriptors(descriptors);
        send(consumer, new byte[] {0});
    }

    /** Fails the test if the script itself broke (not the consumer). */
    void assertScriptRan() throws InterruptedException {
        thread.join(10_000);
        if (failure != null && !(failure instanceof java.net.SocketException)) {
            throw new AssertionError("fake producer script failed", failure);
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        server.close();
        thread.join(10_000);
        if (controlBlock != null) {
            controlBlock.close();
        }
    }
}
