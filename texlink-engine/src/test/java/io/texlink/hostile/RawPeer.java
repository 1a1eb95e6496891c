package io.texlink.hostile;

import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

import java.io.EOFException;
import java.io.FileDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A consumer that speaks raw bytes, written straight on junixsocket (not on texlink's transport),
 * so tests can send what texlink itself never would.
 */
final class RawPeer implements AutoCloseable {
    final AFUNIXSocket socket;
    private final InputStream in;

    private RawPeer(AFUNIXSocket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
    }

    static RawPeer connect(Path path) throws IOException {
        AFUNIXSocket s = AFUNIXSocket.newInstance();
        s.connect(AFUNIXSocketAddress.of(path));
        s.setSoTimeout((int) Duration.ofSeconds(10).toMillis());
        return new RawPeer(s);
    }

    /** Reads the handshake and one dummy byte per buffer; received descriptors are dropped by the kernel. */
    void readHandshake(int buffers) throws IOException {
        readExactly(152);
        readExactly(buffers);
    }

    /** Reads one 24-byte notice and returns its buffer index. */
    int readNoticeIndex() throws IOException {
        return ByteBuffer.wrap(readExactly(24)).order(ByteOrder.LITTLE_ENDIAN).getInt(8);
    }

    /** @throws EOFException when the server closed the connection first (it dropped this peer) */
    private byte[] readExactly(int n) throws IOException {
        byte[] bytes = in.readNBytes(n);
        if (bytes.length < n) {
            throw new EOFException("the server closed the connection after " + bytes.length + " of " + n + " bytes");
        }
        return bytes;
    }

    void release(int index) throws IOException {
        write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(index).array());
    }

    void write(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    void writeWithDescriptors(byte[] bytes, FileDescriptor... fds) throws IOException {
        socket.setOutboundFileDescriptors(fds);
        write(bytes);
    }

    /** True once the server has closed its end (read returns end of stream). */
    boolean closedByServer() throws IOException {
        try {
            while (true) {
                if (in.read() < 0) {
                    return true;
                }
            }
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset by the server
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
