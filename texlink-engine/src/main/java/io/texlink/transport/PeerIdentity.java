package io.texlink.transport;

/**
 * Who is on the other end of a Unix socket, from {@code SO_PEERCRED} (set by the kernel, so a peer
 * cannot lie about it).
 */
public record PeerIdentity(long pid, int uid, int gid) {
    @Override
    public String toString() {
        return "pid " + pid + " (uid " + uid + ")";
    }
}
