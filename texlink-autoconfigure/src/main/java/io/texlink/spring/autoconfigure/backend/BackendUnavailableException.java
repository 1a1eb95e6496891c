package io.texlink.spring.autoconfigure.backend;

import io.texlink.spring.backend.BackendType;

/**
 * {@code texlink.backend} names a backend this application cannot use here; thrown while the
 * context starts, and explained by {@link BackendUnavailableFailureAnalyzer}.
 */
public class BackendUnavailableException extends RuntimeException {
    private final BackendType backend;
    private final String reason;

    /**
     * @param backend the selected backend
     * @param reason  why it cannot be used, e.g. the conditions it failed
     */
    public BackendUnavailableException(BackendType backend, String reason) {
        super("texlink.backend=" + backend.propertyValue() + " cannot be used: " + reason);
        this.backend = backend;
        this.reason = reason;
    }

    /** The backend that {@code texlink.backend} selects. */
    public BackendType backend() {
        return backend;
    }

    /** Why it cannot be used. */
    public String reason() {
        return reason;
    }
}
