package io.texlink;

/**
 * Base of every error texlink reports. Unchecked, so Spring code can let it propagate; catch a
 * subclass where you can act on it (retry on {@link TexlinkTimeoutException}, reconnect on
 * {@link TexlinkPeerException}).
 */
public class TexlinkException extends RuntimeException {
    public TexlinkException(String message) {
        super(message);
    }

    public TexlinkException(String message, Throwable cause) {
        super(message, cause);
    }
}
