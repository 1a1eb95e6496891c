package io.texlink;

import io.texlink.transport.PeerIdentity;
import io.texlink.transport.UnixConnection;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The server's view of one consumer: its connection, the references it holds per buffer, and the
 * thread that reads its releases. Guarded by the server's lock, except the release buffer, which
 * only the reader thread touches.
 */
final class ClientSession {
    final UnixConnection connection;
    final PeerIdentity peer;
    /** References this consumer holds per buffer: one per notified frame not yet released. */
    final int[] held = new int[3];
    final Arena arena = Arena.ofShared();
    final MemorySegment releaseBuffer = arena.allocate(4, 4);
    boolean dropped;

    ClientSession(UnixConnection connection) {
        this.connection = connection;
        this.peer = connection.peer();
    }
}
