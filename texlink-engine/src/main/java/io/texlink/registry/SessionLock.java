package io.texlink.registry;

import io.texlink.TexlinkPeerException;
import io.texlink.posix.Libc;
import io.texlink.posix.NativeCallException;
import io.texlink.posix.OwnedFd;

import java.nio.file.Path;

/**
 * Proof that a producer is alive, which works where pids do not: a file beside the socket
 * ({@code cam.sock.lock}) that the producer keeps exclusively {@code flock}ed while it serves. The
 * kernel drops the lock when the process dies, however it dies, and the check works across PID
 * namespaces (containers) and is immune to pid reuse — unlike the registry's {@code kill(pid, 0)},
 * which remains the fallback for C producers, which write no lock file. The wire format is unchanged.
 */
public final class SessionLock implements AutoCloseable {
    private final Path file;
    private final OwnedFd fd;

    private SessionLock(Path file, OwnedFd fd) {
        this.file = file;
        this.fd = fd;
    }

    /** The lock file of the session whose socket is {@code socket}. */
    public static Path fileFor(Path socket) {
        return socket.resolveSibling(socket.getFileName() + ".lock");
    }

    /**
     * Takes the lock of {@code socket}'s session for this process.
     *
     * @throws TexlinkPeerException when a live producer holds it
     */
    public static SessionLock acquire(Path socket) {
        Path file = fileFor(socket);
        // 0644: other users' consumers may test it (a shared lock needs only read access).
        OwnedFd fd = new OwnedFd(Libc.open(file.toString(), Libc.O_RDWR | Libc.O_CREAT | Libc.O_CLOEXEC | Libc.O_NOFOLLOW, 0644));
        if (!Libc.tryFlock(fd.fd(), Libc.LOCK_EX)) {
            fd.close();
            throw new TexlinkPeerException("another producer holds " + file + ": it still serves " + socket);
        }
        return new SessionLock(file, fd);
    }

    /**
     * Whether a producer holds the lock of {@code socket}'s session: true or false where the lock
     * file exists, empty where it does not (a C producer, or none ever ran).
     */
    public static java.util.Optional<Boolean> isHeld(Path socket) {
        OwnedFd fd;
        try {
            fd = new OwnedFd(Libc.open(fileFor(socket).toString(), Libc.O_RDONLY | Libc.O_CLOEXEC | Libc.O_NOFOLLOW, 0));
        } catch (NativeCallException e) {
            return java.util.Optional.empty();
        }
        try (fd) {
            boolean free = Libc.tryFlock(fd.fd(), Libc.LOCK_SH); // closing the descriptor releases it again
            return java.util.Optional.of(!free);
        }
    }

    /** Releases the lock and removes the file. */
    @Override
    public void close() {
        if (fd.isOpen()) {
            try {
                java.nio.file.Files.deleteIfExists(file); // while still holding it: nobody takes a file about to vanish
            } catch (java.io.IOException ignored) {
                // a stale lock file is harmless: the next producer takes it over
            }
            fd.close();
        }
    }
}
