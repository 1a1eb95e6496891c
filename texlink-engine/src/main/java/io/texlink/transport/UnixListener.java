package io.texlink.transport;

import io.texlink.TexlinkPeerException;
import io.texlink.TexlinkResourceException;
import io.texlink.posix.Libc;
import io.texlink.posix.PollSet;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.newsclub.net.unix.FileDescriptorCast;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A listening {@code AF_UNIX} socket file. On bind it removes a stale socket left by a crashed
 * producer, refuses to take over a live one, and restricts the file's mode.
 */
public final class UnixListener implements AutoCloseable {
    private static final Set<PosixFilePermission> OWNER_ONLY =
            Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    private static final Set<PosixFilePermission> EVERYONE = Set.of(
            PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

    private final AFUNIXServerSocket server;
    private final int fd;
    private final Path path;
    private final PollSet poll = new PollSet(1);
    /** Held by the accepting thread; close() takes it to know nobody polls the descriptor any more. */
    private final ReentrantLock acceptLock = new ReentrantLock();
    private volatile boolean closed;

    private UnixListener(AFUNIXServerSocket server, Path path) throws IOException {
        this.server = server;
        this.path = path;
        this.fd = FileDescriptorCast.using(server.getFileDescriptor()).as(Integer.class);
        poll.watchInput(0, fd);
    }

    /**
     * Binds and listens on {@code path}.
     *
     * @param openToOtherUsers false: mode 0600, only this uid can connect; true: mode 0666, other
     *                         uids can reach the socket and the caller filters them by credentials
     * @throws TexlinkPeerException when a live producer already serves this path
     */
    public static UnixListener bind(Path path, boolean openToOtherUsers) {
        SessionAddress.ensureDirectory(path);
        removeStaleSocket(path);
        try {
            AFUNIXServerSocket server = AFUNIXServerSocket.newInstance();
            server.setReuseAddress(false);
            server.bind(AFUNIXSocketAddress.of(path), 16);
            // A client that connects before the chmod is still checked by credentials.
            Files.setPosixFilePermissions(path, openToOtherUsers ? EVERYONE : OWNER_ONLY);
            return new UnixListener(server, path);
        } catch (IOException e) {
            throw new TexlinkResourceException("cannot listen on " + path + ": " + e.getMessage(), e);
        }
    }

    private static void removeStaleSocket(Path path) {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        if (!isSocketFile(path)) {
            throw new TexlinkResourceException(path + " exists and is not a socket; texlink will not delete it: choose another name or remove it");
        }
        try (UnixConnection probe = UnixConnection.connect(path, Duration.ZERO)) {
            throw new TexlinkPeerException("another producer (" + probe.peer() + ") already serves " + path
                    + ": stop it or choose another session name");
        } catch (io.texlink.TexlinkTimeoutException refused) {
            try {
                Files.deleteIfExists(path); // nobody listens: left behind by a producer that died
            } catch (IOException e) {
                throw new TexlinkResourceException("cannot remove stale socket " + path + ": " + e.getMessage(), e);
            }
        }
    }

    private static boolean isSocketFile(Path path) {
        try {
            return !Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)
                    && !Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)
                    && !Files.isSymbolicLink(path)
                    && Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) instanceof Integer mode
                    && (mode & 0170000) == 0140000;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** The socket file. */
    public Path path() {
        return path;
    }

    /**
     * Blocks until a peer connects. Returns null once the listener is closed. One accepting thread
     * at a time.
     *
     * <p>Waits in poll(2) and calls junixsocket's accept only once a connection is pending:
     * junixsocket (2.11.1) leaves a socket open when its server socket is closed under a blocked
     * accept, and poll can be woken cleanly by {@link #close()}.
     */
    public UnixConnection accept() {
        acceptLock.lock();
        try {
            while (!closed) {
                poll.await(1, -1);
                if (closed) {
                    return null;
                }
                if ((poll.readyEvents(0) & Libc.POLLIN) == 0) {
                    continue;
                }
                AFUNIXSocket socket = null;
                try {
                    socket = server.accept();
                    if (socket != null) {
                        return UnixConnection.accepted(socket);
                    }
                } catch (IOException e) {
                    closeQuietly(socket);
                    if (!closed) {
                        throw new TexlinkResourceException("accept on " + path + " failed: " + e.getMessage(), e);
                    }
                }
            }
            return null;
        } finally {
            acceptLock.unlock();
        }
    }

    /** Stops accepting, wakes {@link #accept()}, and deletes the socket file. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Libc.shutdownSocket(fd); // wakes the accepting thread's poll
        acceptLock.lock();
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        } finally {
            acceptLock.unlock();
            poll.close();
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException ignored) {
            // a later producer removes it as stale
        }
    }

    private static void closeQuietly(AFUNIXSocket socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // dropped
            }
        }
    }
}
