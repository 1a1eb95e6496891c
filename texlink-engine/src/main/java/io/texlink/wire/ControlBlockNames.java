package io.texlink.wire;

import java.nio.file.Path;

/**
 * Naming rule of the control block, a POSIX shared-memory object: {@code /texlink_} followed by
 * the socket file's base name without its extension (wire spec, "control block"). Producers call
 * {@link #forSocket} before {@code shm_open}; {@link HandshakeRecord} calls {@link #validate} on the
 * name a producer announces, before a consumer opens it.
 */
public final class ControlBlockNames {

    /** Prefix every control-block name carries. */
    public static final String PREFIX = "/texlink_";
    /** Longest name in bytes: the handshake carries it in {@code char[64]} with a NUL. */
    public static final int MAX_LENGTH = HandshakeRecord.CONTROL_BLOCK_NAME_LENGTH - 1;

    private ControlBlockNames() {
    }

    /**
     * The control-block name for a socket: {@code /tmp/texlink/cam.sock} → {@code /texlink_cam},
     * {@code a.b.sock} → {@code /texlink_a.b}, {@code cam} → {@code /texlink_cam}. Only the last
     * extension is dropped.
     *
     * @throws IllegalArgumentException if the path has no file name or the name breaks {@link #validate}
     */
    public static String forSocket(Path socketFile) {
        Path fileName = socketFile.getFileName();
        if (fileName == null) {
            throw new IllegalArgumentException("socket path " + socketFile + " has no file name to derive a control-block name from");
        }
        String base = fileName.toString();
        int dot = base.lastIndexOf('.');
        String name = PREFIX + (dot >= 0 ? base.substring(0, dot) : base);
        validate(name);
        return name;
    }

    /**
     * Checks a shared-memory name: starts with '/', holds no other '/', is 2..{@value #MAX_LENGTH}
     * bytes of printable ASCII (0x21..0x7e), and is not {@code /.} or {@code /..}.
     *
     * @throws IllegalArgumentException naming the rule the name breaks
     */
    public static void validate(String name) {
        if (name == null) {
            throw new IllegalArgumentException("control-block name is missing");
        }
        if (name.length() < 2 || name.length() > MAX_LENGTH) {
            // Valid names are ASCII, so chars are bytes; a non-ASCII name of legal length fails below.
            throw new IllegalArgumentException("control-block name \"" + printable(name) + "\" has " + name.length()
                    + " characters; it must be 2.." + MAX_LENGTH + " bytes of printable ASCII");
        }
        if (name.charAt(0) != '/') {
            throw new IllegalArgumentException("control-block name \"" + printable(name) + "\" must start with '/'");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                throw new IllegalArgumentException("control-block name \"" + printable(name) + "\" has character 0x"
                        + Integer.toHexString(c) + " at index " + i + "; only printable ASCII 0x21..0x7e is allowed");
            }
            if (c == '/' && i > 0) {
                throw new IllegalArgumentException("control-block name \"" + name + "\" has a '/' at index " + i
                        + "; only the leading '/' is allowed");
            }
        }
        if (name.equals("/.") || name.equals("/..")) {
            throw new IllegalArgumentException("control-block name \"" + name + "\" is not a valid shared-memory name");
        }
    }

    /** The name with control and non-ASCII characters escaped, safe to put in a log line. */
    private static String printable(String name) {
        StringBuilder out = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c >= 0x20 && c <= 0x7e) {
                out.append(c);
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        return out.toString();
    }
}
