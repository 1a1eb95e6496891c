package io.texlink;

/** Nothing arrived within the time the caller allowed (connect or handshake). */
public class TexlinkTimeoutException extends TexlinkException {
    public TexlinkTimeoutException(String message) {
        super(message);
    }
}
