package io.texlink;

/**
 * The peer is gone, refused us, or may not talk to us (closed socket, wrong uid, server full,
 * name already taken). Consumers usually reconnect after this.
 */
public class TexlinkPeerException extends TexlinkException {
    public TexlinkPeerException(String message) {
        super(message);
    }

    public TexlinkPeerException(String message, Throwable cause) {
        super(message, cause);
    }
}
