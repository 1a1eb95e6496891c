package io.texlink;

/** Life cycle of a server or client; the same values as libtexlink's state enum. */
public enum ConnectionState {
    CLOSED(0), CREATED(1), LISTENING(2), CONNECTING(3), CONNECTED(4), DISCONNECTED(5), ERROR(6);

    private final int code;

    ConnectionState(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
