package io.texlink.bench;

/** A trial whose JVMs failed or did not report; the suite records it and goes on. */
final class TrialFailedException extends RuntimeException {
    TrialFailedException(String message) {
        super(message);
    }
}
