package io.texlink;

/** A peer sent bytes or handles that break the v3 wire contract; the connection to it is dropped. */
public class TexlinkProtocolException extends TexlinkException {
    public TexlinkProtocolException(String message) {
        super(message);
    }

    public TexlinkProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
