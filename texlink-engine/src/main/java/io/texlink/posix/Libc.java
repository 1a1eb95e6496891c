package io.texlink.posix;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The libc entry points the JDK does not offer, bound once through FFM. Every wrapper returns the
 * call's result or throws {@link NativeCallException} with the errno the call left (captured with
 * {@code Linker.Option.captureCallState}, into a per-thread buffer so hot-path calls do not
 * allocate).
 *
 * <p>Linux only; constants are the x86-64/aarch64 values (identical for everything used here).
 */
public final class Libc {
    // open(2) / mmap(2) / memfd_create(2) / fcntl(2) / flock(2) constants.
    public static final int O_RDONLY = 0, O_RDWR = 2, O_CREAT = 0100, O_EXCL = 0200, O_NOFOLLOW = 0400000,
            O_CLOEXEC = 02000000;
    public static final int PROT_READ = 1, PROT_WRITE = 2;
    public static final int MAP_SHARED = 1;
    public static final int MFD_CLOEXEC = 1, MFD_ALLOW_SEALING = 2;
    public static final int F_DUPFD_CLOEXEC = 1030, F_ADD_SEALS = 1033, F_GET_SEALS = 1034;
    public static final int F_SEAL_SEAL = 1, F_SEAL_SHRINK = 2, F_SEAL_GROW = 4, F_SEAL_WRITE = 8;
    public static final int LOCK_SH = 1, LOCK_EX = 2, LOCK_NB = 4, LOCK_UN = 8;
    public static final int SEEK_END = 2;
    public static final int POLLIN = 1, POLLERR = 8, POLLHUP = 16, POLLNVAL = 32;
    public static final int MSG_DONTWAIT = 0x40, MSG_WAITALL = 0x100, MSG_NOSIGNAL = 0x4000;
    public static final int SHUT_RDWR = 2;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final MemoryLayout CALL_STATE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CALL_STATE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

    private static final MethodHandle MEMFD_CREATE = bind("memfd_create", JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle FTRUNCATE = bind("ftruncate", JAVA_INT, JAVA_INT, JAVA_LONG);
    private static final MethodHandle FCNTL_INT = bindVariadic("fcntl", 2, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle MMAP = bind("mmap", ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG);
    private static final MethodHandle MUNMAP = bind("munmap", JAVA_INT, ADDRESS, JAVA_LONG);
    private static final MethodHandle SHM_OPEN = bind("shm_open", JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT);
    private static final MethodHandle SHM_UNLINK = bind("shm_unlink", JAVA_INT, ADDRESS);
    private static final MethodHandle OPEN = bindVariadic("open", 2, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT);
    private static final MethodHandle CLOSE = bind("close", JAVA_INT, JAVA_INT);
    private static final MethodHandle FSTAT = bind("fstat", JAVA_INT, JAVA_INT, ADDRESS);
    private static final MethodHandle FCHMOD = bind("fchmod", JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle CHMOD = bind("chmod", JAVA_INT, ADDRESS, JAVA_INT);
    private static final MethodHandle LSEEK = bind("lseek", JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT);
    private static final MethodHandle FLOCK = bind("flock", JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle KILL = bind("kill", JAVA_INT, JAVA_INT, JAVA_INT);
    private static final MethodHandle POLL = bind("poll", JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT);
    private static final MethodHandle IOCTL_PTR = bindVariadic("ioctl", 2, JAVA_INT, JAVA_INT, JAVA_LONG, ADDRESS);
    private static final MethodHandle PREAD = bind("pread", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG);
    private static final MethodHandle PWRITE = bind("pwrite", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG);
    private static final MethodHandle SEND = bind("send", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT);
    private static final MethodHandle RECV = bind("recv", JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT);
    private static final MethodHandle SHUTDOWN = bind("shutdown", JAVA_INT, JAVA_INT, JAVA_INT);

    private static final MethodHandle GETUID = LINKER.downcallHandle(symbol("getuid"), FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle STRERROR = LINKER.downcallHandle(symbol("strerror"), FunctionDescriptor.of(ADDRESS, JAVA_INT));

    /** errno lands here; one buffer per thread, so the wrappers allocate nothing per call. */
    private static final ThreadLocal<MemorySegment> CALL_STATE_BUFFER =
            ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CALL_STATE));

    private Libc() {
    }

    /** memfd_create(2): an anonymous memory file. */
    public static int memfdCreate(String name, int flags) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = state();
            int fd = (int) MEMFD_CREATE.invokeExact(state, arena.allocateFrom(name), flags);
            return check("memfd_create", fd, state, name);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static void ftruncate(int fd, long length) {
        try {
            MemorySegment state = state();
            check("ftruncate", (int) FTRUNCATE.invokeExact(state, fd, length), state, "length " + length);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** fcntl(2) with an int argument (F_ADD_SEALS, F_GET_SEALS, F_DUPFD_CLOEXEC, ...). */
    public static int fcntl(int fd, int cmd, int arg) {
        try {
            MemorySegment state = state();
            return check("fcntl", (int) FCNTL_INT.invokeExact(state, fd, cmd, arg), state, "cmd " + cmd);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** Like {@link #fcntl} but returns {@code -errno} instead of throwing. */
    public static int fcntlOrErrno(int fd, int cmd, int arg) {
        try {
            MemorySegment state = state();
            int r = (int) FCNTL_INT.invokeExact(state, fd, cmd, arg);
            return r >= 0 ? r : -errno(state);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** mmap(2) of {@code length} bytes of {@code fd} at offset 0; returns the raw address segment. */
    public static MemorySegment mmap(long length, int prot, int flags, int fd) {
        try {
            MemorySegment state = state();
            MemorySegment address = (MemorySegment) MMAP.invokeExact(state, MemorySegment.NULL, length, prot, flags, fd, 0L);
            if (address.address() == -1L) {
                throw new NativeCallException("mmap", errno(state), "length " + length + ", fd " + fd);
            }
            return address;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static void munmap(MemorySegment address, long length) {
        try {
            MemorySegment state = state();
            check("munmap", (int) MUNMAP.invokeExact(state, address, length), state, "");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** shm_open(3); returns the fd. */
    public static int shmOpen(String name, int flags, int mode) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = state();
            return check("shm_open", (int) SHM_OPEN.invokeExact(state, arena.allocateFrom(name), flags, mode), state, name);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** shm_unlink(3); returns false when no object had that name. */
    public static boolean shmUnlink(String name) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = state();
            int r = (int) SHM_UNLINK.invokeExact(state, arena.allocateFrom(name));
            if (r < 0 && errno(state) == NativeCallException.ENOENT) {
                return false;
            }
            check("shm_unlink", r, state, name);
            return true;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** open(2) of a path with a creation mode. */
    public static int open(String path, int flags, int mode) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = state();
            return check("open", (int) OPEN.invokeExact(state, arena.allocateFrom(path), flags, mode), state, path);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** close(2); errors are reported, not thrown, since there is nothing a caller can do. */
    public static int close(int fd) {
        try {
            MemorySegment state = state();
            int r = (int) CLOSE.invokeExact(state, fd);
            return r >= 0 ? 0 : -errno(state);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** fstat(2). */
    public static FileStat fstat(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment buf = arena.allocate(FileStat.STRUCT_SIZE, 8);
            MemorySegment state = state();
            check("fstat", (int) FSTAT.invokeExact(state, fd, buf), state, "fd " + fd);
            return FileStat.decode(buf);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static void fchmod(int fd, int mode) {
        try {
            MemorySegment state = state();
            check("fchmod", (int) FCHMOD.invokeExact(state, fd, mode), state, "mode 0" + Integer.toOctalString(mode));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** chmod(2); needed for modes Java's PosixFilePermission cannot say (the sticky bit). */
    public static void chmod(String path, int mode) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment state = state();
            check("chmod", (int) CHMOD.invokeExact(state, arena.allocateFrom(path), mode), state, path);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** lseek(fd, 0, SEEK_END): the size of files whose fstat size is not meaningful (DMA-BUF). */
    public static long seekEnd(int fd) {
        try {
            MemorySegment state = state();
            long r = (long) LSEEK.invokeExact(state, fd, 0L, SEEK_END);
            if (r < 0) {
                throw new NativeCallException("lseek", errno(state), "fd " + fd);
            }
            return r;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    public static void flock(int fd, int operation) {
        try {
            MemorySegment state = state();
            int r;
            do {
                r = (int) FLOCK.invokeExact(state, fd, operation);
            } while (r < 0 && errno(state) == NativeCallException.EINTR);
            check("flock", r, state, "");
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** flock(2) with LOCK_NB: true when the lock was taken, false when another holder has it. */
    public static boolean tryFlock(int fd, int operation) {
        try {
            MemorySegment state = state();
            int r;
            do {
                r = (int) FLOCK.invokeExact(state, fd, operation | LOCK_NB);
            } while (r < 0 && errno(state) == NativeCallException.EINTR);
            if (r < 0 && errno(state) == NativeCallException.EAGAIN) {
                return false; // EWOULDBLOCK
            }
            check("flock", r, state, "");
            return true;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** kill(pid, 0): true when the process exists, also when it belongs to another user (EPERM). */
    public static boolean processExists(int pid) {
        if (pid <= 0) {
            return false;
        }
        try {
            MemorySegment state = state();
            int r = (int) KILL.invokeExact(state, pid, 0);
            return r == 0 || errno(state) == NativeCallException.EPERM;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * poll(2) on {@code count} pollfd structs in {@code fds}; EINTR counts as "nothing ready".
     * Returns the number of ready descriptors.
     */
    public static int poll(MemorySegment fds, int count, int timeoutMillis) {
        try {
            MemorySegment state = state();
            int r = (int) POLL.invokeExact(state, fds, (long) count, timeoutMillis);
            if (r < 0) {
                int e = errno(state);
                if (e == NativeCallException.EINTR) {
                    return 0;
                }
                throw new NativeCallException("poll", e, "");
            }
            return r;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** ioctl(2) with a pointer argument. */
    public static int ioctl(int fd, long request, MemorySegment arg) {
        try {
            MemorySegment state = state();
            int r;
            do {
                r = (int) IOCTL_PTR.invokeExact(state, fd, request, arg);
            } while (r < 0 && errno(state) == NativeCallException.EINTR);
            return check("ioctl", r, state, "request 0x" + Long.toHexString(request));
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** pread(2) into {@code buf}; returns the bytes read (0 at end of file). */
    public static long pread(int fd, MemorySegment buf, long count, long offset) {
        try {
            MemorySegment state = state();
            long r;
            do {
                r = (long) PREAD.invokeExact(state, fd, buf, count, offset);
            } while (r < 0 && errno(state) == NativeCallException.EINTR);
            if (r < 0) {
                throw new NativeCallException("pread", errno(state), "fd " + fd);
            }
            return r;
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** pwrite(2) of all {@code count} bytes. */
    public static void pwriteFully(int fd, MemorySegment buf, long count, long offset) {
        try {
            MemorySegment state = state();
            long done = 0;
            while (done < count) {
                long r = (long) PWRITE.invokeExact(state, fd, buf.asSlice(done), count - done, offset + done);
                if (r < 0) {
                    if (errno(state) == NativeCallException.EINTR) {
                        continue;
                    }
                    throw new NativeCallException("pwrite", errno(state), "fd " + fd);
                }
                done += r;
            }
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /**
     * send(2); returns the bytes sent or {@code -errno} (the caller decides what EAGAIN or EPIPE
     * mean for its peer). Allocation-free.
     */
    public static long send(int fd, MemorySegment buf, long count, int flags) {
        try {
            MemorySegment state = state();
            long r;
            do {
                r = (long) SEND.invokeExact(state, fd, buf, count, flags);
            } while (r < 0 && errno(state) == NativeCallException.EINTR);
            return r >= 0 ? r : -errno(state);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** recv(2); returns the bytes received, 0 at end of stream, or {@code -errno}. Allocation-free. */
    public static long recv(int fd, MemorySegment buf, long count, int flags) {
        try {
            MemorySegment state = state();
            long r;
            do {
                r = (long) RECV.invokeExact(state, fd, buf, count, flags);
            } while (r < 0 && errno(state) == NativeCallException.EINTR);
            return r >= 0 ? r : -errno(state);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** shutdown(fd, SHUT_RDWR): wakes threads blocked in recv on this socket; errors ignored. */
    public static void shutdownSocket(int fd) {
        try {
            int ignored = (int) SHUTDOWN.invokeExact(state(), fd, SHUT_RDWR);
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** getuid(2). */
    public static int getuid() {
        try {
            return (int) GETUID.invokeExact();
        } catch (Throwable t) {
            throw rethrow(t);
        }
    }

    /** The C library's text for an errno value. */
    public static String errorText(int errno) {
        try {
            MemorySegment text = (MemorySegment) STRERROR.invokeExact(errno);
            return text.reinterpret(256).getString(0);
        } catch (Throwable t) {
            return "errno " + errno;
        }
    }

    private static MemorySegment state() {
        return CALL_STATE_BUFFER.get();
    }

    private static int errno(MemorySegment state) {
        return (int) ERRNO.get(state, 0L);
    }

    private static int check(String call, int result, MemorySegment state, String detail) {
        if (result < 0) {
            throw new NativeCallException(call, errno(state), detail);
        }
        return result;
    }

    private static RuntimeException rethrow(Throwable t) {
        return Downcalls.unchecked(t, "native call failed");
    }

    private static MemorySegment symbol(String name) {
        return LIBC.find(name).orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
    }

    private static MethodHandle bind(String name, ValueLayout result, ValueLayout... args) {
        return LINKER.downcallHandle(symbol(name), FunctionDescriptor.of(result, args), CAPTURE_ERRNO);
    }

    private static MethodHandle bindVariadic(String name, int firstVariadic, ValueLayout result, ValueLayout... args) {
        return LINKER.downcallHandle(symbol(name), FunctionDescriptor.of(result, args), CAPTURE_ERRNO,
                Linker.Option.firstVariadicArg(firstVariadic));
    }
}
