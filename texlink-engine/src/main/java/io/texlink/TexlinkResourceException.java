package io.texlink;

/** A native resource could not be created or used (a failed system or driver call). */
public class TexlinkResourceException extends TexlinkException {
    public TexlinkResourceException(String message) {
        super(message);
    }

    public TexlinkResourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
