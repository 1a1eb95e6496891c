package io.texlink.posix;

/**
 * Anonymous shared memory whose size is frozen: a memfd created with {@code MFD_ALLOW_SEALING},
 * sized, then sealed against shrinking, growing and further sealing. A peer that maps it can never
 * be hit by SIGBUS from a truncation.
 */
public final class SealedMemfd {
    /** Seals every texlink CPU frame carries. */
    public static final int FRAME_SEALS = Libc.F_SEAL_SHRINK | Libc.F_SEAL_GROW | Libc.F_SEAL_SEAL;

    private SealedMemfd() {
    }

    /** Creates a sealed memfd of {@code size} bytes; the caller owns the returned descriptor. */
    public static OwnedFd create(String name, long size) {
        OwnedFd fd = new OwnedFd(Libc.memfdCreate(name, Libc.MFD_CLOEXEC | Libc.MFD_ALLOW_SEALING));
        try {
            Libc.ftruncate(fd.fd(), size);
            Libc.fcntl(fd.fd(), Libc.F_ADD_SEALS, FRAME_SEALS);
            return fd;
        } catch (RuntimeException e) {
            fd.close();
            throw e;
        }
    }

    /**
     * The seals on {@code fd}, or -1 when it is not a sealable file (F_GET_SEALS fails with EINVAL
     * for anything but memfds and other shmem files that allow sealing).
     */
    public static int seals(int fd) {
        int r = Libc.fcntlOrErrno(fd, Libc.F_GET_SEALS, 0);
        return r >= 0 ? r : -1;
    }
}
