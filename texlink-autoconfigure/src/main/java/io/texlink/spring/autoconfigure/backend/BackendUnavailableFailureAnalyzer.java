package io.texlink.spring.autoconfigure.backend;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Tells the operator which backend was asked for, why it is off, and what to set instead. */
final class BackendUnavailableFailureAnalyzer extends AbstractFailureAnalyzer<BackendUnavailableException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, BackendUnavailableException cause) {
        String description = "texlink.backend is set to '" + cause.backend().propertyValue() + "', but the "
                + cause.backend().displayName() + " backend cannot be used: " + cause.reason();
        String action = "Set texlink.backend to 'auto' (the best backend available here) or 'cpu' (works on every Linux"
                + " machine). Run with --debug to see every backend's conditions in the conditions evaluation report.";
        return new FailureAnalysis(description, action, cause);
    }
}
