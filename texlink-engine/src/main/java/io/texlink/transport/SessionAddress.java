package io.texlink.transport;

import io.texlink.TexlinkResourceException;
import io.texlink.posix.Libc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Where a session's socket lives. libtexlink's default for a session named N is
 * {@code /tmp/texlink/N.sock}; Java and C peers find each other through it (or the registry).
 */
public final class SessionAddress {
    /** libtexlink's socket directory. */
    public static final Path DEFAULT_DIRECTORY = Path.of("/tmp/texlink");
    /** {@code sizeof(sockaddr_un.sun_path)} minus the NUL. */
    public static final int MAX_SOCKET_PATH_BYTES = 107;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    private SessionAddress() {
    }

    /** The default socket for a session name: {@code /tmp/texlink/<name>.sock}. */
    public static Path socketForName(String name) {
        return socketForName(DEFAULT_DIRECTORY, name);
    }

    /** The socket for a session name inside {@code directory}. */
    public static Path socketForName(Path directory, String name) {
        requireValidName(name);
        return requireValidSocketPath(directory.resolve(name + ".sock"));
    }

    /** The session name of a socket: its file name without the extension ({@code /run/cam.sock} is {@code cam}). */
    public static String nameOfSocket(Path socket) {
        String file = socket.getFileName().toString();
        int dot = file.lastIndexOf('.');
        return dot > 0 ? file.substring(0, dot) : file;
    }

    /** Session names are 1..63 characters of letters, digits, '.', '_' and '-', not starting with a dot. */
    public static String requireValidName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("session name '" + name
                    + "' is invalid: use 1 to 63 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return name;
    }

    /** A socket path must fit {@code sun_path}: at most 107 bytes. */
    public static Path requireValidSocketPath(Path socket) {
        Path absolute = socket.toAbsolutePath();
        int bytes = absolute.toString().getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_SOCKET_PATH_BYTES) {
            throw new IllegalArgumentException("socket path " + absolute + " is " + bytes
                    + " bytes; Unix sockets allow at most " + MAX_SOCKET_PATH_BYTES + ": choose a shorter directory or name");
        }
        return absolute;
    }

    /**
     * Creates the socket's directory if it is missing. The shared default directory gets mode 1777
     * (like /tmp) so producers of several users can live there; each socket file itself is 0600.
     */
    public static void ensureDirectory(Path socket) {
        Path dir = socket.toAbsolutePath().getParent();
        if (Files.isDirectory(dir)) {
            return;
        }
        try {
            Files.createDirectories(dir);
            if (dir.equals(DEFAULT_DIRECTORY)) {
                Libc.chmod(dir.toString(), 01777); // sticky, world-writable: PosixFilePermission has no sticky bit
            }
        } catch (IOException e) {
            throw new TexlinkResourceException("cannot create socket directory " + dir + ": " + e.getMessage(), e);
        }
    }
}
