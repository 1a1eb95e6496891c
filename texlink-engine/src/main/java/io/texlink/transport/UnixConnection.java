package io.texlink.transport;

import io.texlink.TexlinkPeerException;
import io.texlink.TexlinkProtocolException;
import io.texlink.TexlinkResourceException;
import io.texlink.TexlinkTimeoutException;
import io.texlink.posix.Libc;
import io.texlink.posix.NativeCallException;
import io.texlink.posix.OwnedFd;
import io.texlink.posix.PollSet;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.newsclub.net.unix.AFUNIXSocketCredentials;
import org.newsclub.net.unix.FileDescriptorCast;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One {@code AF_UNIX} stream connection. junixsocket does connect, credentials and
 * {@code SCM_RIGHTS}; the fixed-size records of every frame go through {@code send}/{@code recv}
 * on the raw descriptor, which lets the producer send without blocking and allocates nothing.
 *
 * <p>Thread-safety: one thread receives and one thread sends at a time; {@link #close()} may come
 * from any thread and wakes a blocked receiver.
 */
public final class UnixConnection implements AutoCloseable {
    private static final int ANCILLARY_BUFFER_BYTES = 256;
    private final AFUNIXSocket socket;
    private final int fd;
    private final PeerIdentity peer;
    private volatile boolean closed;

    private UnixConnection(AFUNIXSocket socket) throws IOException {
        this.socket = socket;
        this.fd = FileDescriptorCast.using(socket.getFileDescriptor()).as(Integer.class);
        AFUNIXSocketCredentials credentials = socket.getPeerCredentials();
        this.peer = new PeerIdentity(credentials.getPid(), (int) credentials.getUid(), (int) credentials.getGid());
    }

    static UnixConnection accepted(AFUNIXSocket socket) throws IOException {
        return new UnixConnection(socket);
    }

    /**
     * Connects to {@code socketPath}, retrying while the socket is missing or refuses (the producer
     * may still be starting) until {@code timeout} has passed.
     */
    public static UnixConnection connect(Path socketPath, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pauseMillis = 5;
        IOException last;
        do {
            AFUNIXSocket socket = null;
            try {
                // newInstance + connect rather than connectTo: connectTo leaves its socket to the GC when connecting fails.
                socket = AFUNIXSocket.newInstance();
                socket.connect(AFUNIXSocketAddress.of(socketPath));
                socket.setAncillaryReceiveBufferSize(ANCILLARY_BUFFER_BYTES);
                return new UnixConnection(socket);
            } catch (IOException e) {
                last = e;
                closeQuietly(socket);
                refuseIfNotPermitted(socketPath);
            }
            sleep(Math.min(pauseMillis, Math.max(1, (deadline - System.nanoTime()) / 1_000_000)));
            pauseMillis = Math.min(pauseMillis * 2, 200);
        } while (System.nanoTime() < deadline);
        throw new TexlinkTimeoutException("no producer answered on " + socketPath + " within " + timeout.toMillis()
                + " ms (" + last.getMessage() + "): is the producer running, and is the name or path right?");
    }

    /** Connecting needs write permission on the socket file; without it retrying cannot help. */
    private static void refuseIfNotPermitted(Path socketPath) {
        if (Files.exists(socketPath) && !Files.isWritable(socketPath)) {
            String owner;
            try {
                owner = "uid " + Files.getAttribute(socketPath, "unix:uid") + ", mode 0"
                        + Integer.toOctalString((Integer) Files.getAttribute(socketPath, "unix:mode") & 0777);
            } catch (IOException | RuntimeException e) {
                owner = "another user";
            }
            throw new TexlinkPeerException("permission denied on " + socketPath + " (" + owner + "): this process runs as uid "
                    + Libc.getuid() + ", and a producer admits only its own user unless its allowed uids name yours");
        }
    }

    /** The peer's pid and uid, as the kernel reported them at connect time. */
    public PeerIdentity peer() {
        return peer;
    }

    /** The socket's descriptor number, for poll. */
    public int fd() {
        return fd;
    }

    /** Sends {@code count} bytes, blocking until all are queued. */
    public void sendFully(MemorySegment bytes, long count) {
        long done = 0;
        while (done < count) {
            // Slice only after a partial send: a 4-byte release must not allocate per frame.
            long r = Libc.send(fd, done == 0 ? bytes : bytes.asSlice(done), count - done, Libc.MSG_NOSIGNAL);
            if (r < 0) {
                throw new TexlinkPeerException("sending to " + peer + " failed: " + Libc.errorText((int) -r));
            }
            done += r;
        }
    }

    /** What a non-blocking send came to. */
    public enum SendResult {
        /** Every byte was queued. */
        SENT,
        /** The peer's socket buffer is full: it has not been reading. */
        BUFFER_FULL,
        /** The peer has closed its end (EPIPE, ECONNRESET). */
        PEER_GONE
    }

    /**
     * Queues {@code count} bytes without blocking. Never stalls the sender: a peer that does not
     * read gets {@link SendResult#BUFFER_FULL}. Allocation-free.
     */
    public SendResult trySend(MemorySegment bytes, long count) {
        long r = Libc.send(fd, bytes, count, Libc.MSG_DONTWAIT | Libc.MSG_NOSIGNAL);
        if (r == count) {
            return SendResult.SENT;
        }
        return r == -NativeCallException.EAGAIN || r >= 0 ? SendResult.BUFFER_FULL : SendResult.PEER_GONE;
    }

    /**
     * Receives whatever is queued, up to {@code count} bytes, without blocking: returns the bytes
     * read, 0 when nothing is queued, -1 at end of stream.
     */
    public long tryReceive(MemorySegment into, long count) {
        long r = Libc.recv(fd, into, count, Libc.MSG_DONTWAIT);
        if (r > 0) {
            return r;
        }
        if (r == 0) {
            return count == 0 ? 0 : -1;
        }
        int errno = (int) -r;
        if (errno == NativeCallException.EAGAIN) {
            return 0;
        }
        return -1;
    }

    /**
     * Blocks until exactly {@code count} bytes arrived. Returns false at end of stream or when the
     * connection was closed (also from another thread).
     */
    public boolean receiveFully(MemorySegment into, long count) {
        long done = 0;
        while (done < count) {
            long r = Libc.recv(fd, done == 0 ? into : into.asSlice(done), count - done, Libc.MSG_WAITALL);
            if (r <= 0 || closed) {
                return false;
            }
            done += r;
        }
        return true;
    }

    /**
     * Receives exactly {@code count} bytes within {@code timeout}, for the handshake.
     *
     * @throws TexlinkTimeoutException when the bytes do not arrive in time
     * @throws TexlinkPeerException    when the peer closes first
     */
    public void receiveFully(MemorySegment into, long count, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long done = 0;
        try (PollSet poll = new PollSet(1)) {
            poll.watchInput(0, fd);
            while (done < count) {
                int waitMillis = (int) Math.max(0, (deadline - System.nanoTime()) / 1_000_000);
                if (poll.await(1, waitMillis) == 0) {
                    if (System.nanoTime() >= deadline) {
                        throw new TexlinkTimeoutException(what + ": got " + done + " of " + count + " bytes from " + peer
                                + " within " + timeout.toMillis() + " ms");
                    }
                    continue;
                }
                long r = tryReceive(into.asSlice(done), count - done);
                if (r < 0) {
                    throw new TexlinkPeerException(what + ": " + peer + " closed the connection after " + done + " of " + count + " bytes");
                }
                done += r;
            }
        }
    }

    /** Sends one descriptor with one dummy data byte, as v3 does for each buffer. */
    public void sendDescriptor(int descriptor) {
        try {
            socket.setOutboundFileDescriptors(FileDescriptorCast.unsafeUsing(descriptor).getFileDescriptor());
            socket.getOutputStream().write(0);
        } catch (IOException e) {
            throw new TexlinkPeerException("sending a file descriptor to " + peer + " failed: " + e.getMessage(), e);
        } finally {
            try {
                socket.setOutboundFileDescriptors((FileDescriptor[]) null);
            } catch (IOException ignored) {
                // only clears our pending list
            }
        }
    }

    /**
     * Receives one dummy byte carrying exactly one descriptor and returns a close-on-exec duplicate
     * this caller owns. junixsocket would close the descriptors it handed out when the socket
     * closes, so we keep a duplicate and close its copy now; extra descriptors are closed too.
     *
     * @throws TexlinkProtocolException when no descriptor or more than one arrives
     */
    public OwnedFd receiveDescriptor(Duration timeout, String what) {
        FileDescriptor[] received = null;
        try {
            socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis())));
            InputStream in = socket.getInputStream();
            if (in.read() < 0) {
                throw new TexlinkPeerException(what + ": " + peer + " closed the connection before sending it");
            }
            received = socket.getReceivedFileDescriptors();
            if (received == null || received.length == 0) {
                throw new TexlinkProtocolException(what + ": the message from " + peer + " carried no file descriptor");
            }
            if (received.length > 1) {
                throw new TexlinkProtocolException(what + ": the message from " + peer + " carried " + received.length
                        + " file descriptors; v3 sends exactly one per message");
            }
            int number = FileDescriptorCast.using(received[0]).as(Integer.class);
            return new OwnedFd(Libc.fcntl(number, Libc.F_DUPFD_CLOEXEC, 0));
        } catch (SocketTimeoutException e) {
            throw new TexlinkTimeoutException(what + ": nothing from " + peer + " within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            throw new TexlinkPeerException(what + ": receiving from " + peer + " failed: " + e.getMessage(), e);
        } finally {
            closeReceived(received);
        }
    }

    private static void closeReceived(FileDescriptor[] received) {
        if (received == null) {
            return;
        }
        for (FileDescriptor d : received) {
            // Closing through a stream runs junixsocket's close hook, so it forgets the descriptor.
            try (FileInputStream ignored = new FileInputStream(d)) {
                // nothing to read
            } catch (IOException e) {
                throw new TexlinkResourceException("closing a received descriptor failed", e);
            }
        }
    }

    public boolean isClosed() {
        return closed;
    }

    /**
     * Shuts the socket down in both directions: a thread blocked in receive returns, and the peer
     * sees end of stream. The descriptor stays valid until {@link #close()}.
     */
    public void shutdown() {
        if (!closed) {
            Libc.shutdownSocket(fd);
        }
    }

    /**
     * Shuts down and closes the socket. Idempotent. The caller makes sure no thread still receives
     * on it (shut down, join the receiver, then close), since the descriptor number may be reused.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        shutdown();
        closed = true;
        closeQuietly(socket);
    }

    private static void closeQuietly(AFUNIXSocket socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // nothing left to release
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TexlinkPeerException("interrupted while connecting");
        }
    }

}
