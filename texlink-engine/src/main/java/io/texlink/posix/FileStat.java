package io.texlink.posix;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * The fields of {@code struct stat} texlink checks before trusting a file descriptor.
 *
 * @param mode file type and permission bits ({@code st_mode})
 * @param uid  owner
 * @param size bytes ({@code st_size}); meaningful for regular files, memfds and shm objects
 */
public record FileStat(int mode, int uid, long size) {
    static final int S_IFMT = 0170000, S_IFREG = 0100000, S_IFDIR = 0040000, S_IFSOCK = 0140000, S_IFIFO = 0010000;

    // struct stat differs between the two 64-bit Linux ABIs: x86-64 puts st_nlink (8 bytes) before
    // st_mode, the generic layout (aarch64) has a 4-byte st_nlink after it.
    private static final boolean X86_64 = System.getProperty("os.arch").equals("amd64")
            || System.getProperty("os.arch").equals("x86_64");
    static final int STRUCT_SIZE = 144;
    private static final long MODE_OFFSET = X86_64 ? 24 : 16;
    private static final long UID_OFFSET = X86_64 ? 28 : 24;
    private static final long SIZE_OFFSET = 48;

    static FileStat decode(MemorySegment buf) {
        return new FileStat(buf.get(ValueLayout.JAVA_INT, MODE_OFFSET), buf.get(ValueLayout.JAVA_INT, UID_OFFSET),
                buf.get(ValueLayout.JAVA_LONG, SIZE_OFFSET));
    }

    public boolean isRegularFile() {
        return (mode & S_IFMT) == S_IFREG;
    }

    /** Permission bits, e.g. 0600. */
    public int permissions() {
        return mode & 07777;
    }

    /** What kind of file this is, for error messages ("directory", "pipe", ...). */
    public String kind() {
        return switch (mode & S_IFMT) {
            case S_IFREG -> "regular file";
            case S_IFDIR -> "directory";
            case S_IFSOCK -> "socket";
            case S_IFIFO -> "pipe";
            case 0 -> "anonymous inode";
            default -> "special file (mode 0" + Integer.toOctalString(mode & S_IFMT) + ")";
        };
    }
}
