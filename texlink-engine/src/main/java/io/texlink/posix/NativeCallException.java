package io.texlink.posix;

import io.texlink.TexlinkResourceException;

/** A libc call returned an error; carries the call's name and errno. */
public final class NativeCallException extends TexlinkResourceException {
    /** errno values texlink branches on (Linux, all architectures). */
    public static final int EPERM = 1, ENOENT = 2, EINTR = 4, EBADF = 9, EAGAIN = 11, EACCES = 13,
            EEXIST = 17, EINVAL = 22, EPIPE = 32, ECONNREFUSED = 111;

    private final String call;
    private final int errno;

    public NativeCallException(String call, int errno, String detail) {
        super(call + " failed: " + Libc.errorText(errno) + " (errno " + errno + ")" + (detail.isEmpty() ? "" : "; " + detail));
        this.call = call;
        this.errno = errno;
    }

    /** Name of the failed call, e.g. {@code "shm_open"}. */
    public String call() {
        return call;
    }

    public int errno() {
        return errno;
    }
}
