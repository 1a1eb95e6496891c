package io.texlink.posix;

import java.util.function.IntFunction;

/**
 * A file descriptor this process owns and closes exactly once. Not thread-safe for concurrent
 * close; owners close it from their own {@code close()}.
 */
public final class OwnedFd implements AutoCloseable {
    private int fd;

    public OwnedFd(int fd) {
        if (fd < 0) {
            throw new IllegalArgumentException("not a file descriptor: " + fd);
        }
        this.fd = fd;
    }

    /** The descriptor number; valid until {@link #close()}. */
    public int fd() {
        if (fd < 0) {
            throw new IllegalStateException("file descriptor already closed");
        }
        return fd;
    }

    public boolean isOpen() {
        return fd >= 0;
    }

    /** A new descriptor for the same file (close-on-exec), owned by the caller. */
    public OwnedFd duplicate() {
        return new OwnedFd(Libc.fcntl(fd(), Libc.F_DUPFD_CLOEXEC, 0));
    }

    /**
     * Runs an import of {@code fd} into a GPU API (Vulkan, GL, CUDA). Those take ownership of the
     * descriptor they import when the import succeeds and not when it fails; so {@code importing}
     * gets a duplicate (close-on-exec), closed here when it throws, and {@code fd} stays the
     * caller's either way.
     *
     * @return what {@code importing} returns
     */
    public static <T> T importDuplicate(int fd, IntFunction<T> importing) {
        int duplicate = Libc.fcntl(fd, Libc.F_DUPFD_CLOEXEC, 0);
        try {
            return importing.apply(duplicate);
        } catch (RuntimeException e) {
            Libc.close(duplicate);
            throw e;
        }
    }

    @Override
    public void close() {
        if (fd >= 0) {
            Libc.close(fd);
            fd = -1;
        }
    }

    @Override
    public String toString() {
        return "fd " + fd;
    }
}
