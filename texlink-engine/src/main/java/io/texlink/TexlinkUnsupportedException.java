package io.texlink;

/** The platform, driver or peer lacks what was asked for (a backend, handle type, format or OS). */
public class TexlinkUnsupportedException extends TexlinkException {
    public TexlinkUnsupportedException(String message) {
        super(message);
    }

    public TexlinkUnsupportedException(String message, Throwable cause) {
        super(message, cause);
    }
}
