package io.texlink;

import io.texlink.transport.PeerIdentity;

/**
 * Told about a server's consumers, on the server's internal threads: keep it short and
 * non-blocking (log, count).
 */
public interface ServerListener {
    /** A listener that ignores everything. */
    ServerListener NONE = new ServerListener() {
    };

    /** A consumer completed the handshake and will receive frames. */
    default void clientConnected(PeerIdentity peer) {
    }

    /** A consumer was turned away before the handshake (uid not allowed, server full). */
    default void clientRefused(PeerIdentity peer, String reason) {
    }

    /** A consumer left or was dropped (closed socket, protocol violation, full socket buffer). */
    default void clientDisconnected(PeerIdentity peer, String reason) {
    }
}
