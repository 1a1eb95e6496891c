package io.texlink.spring.autoconfigure.backend;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

import java.lang.annotation.Annotation;
import java.util.function.Supplier;

/**
 * A condition that asks a backend's probe, which runs once per JVM; the outcome's reason is the
 * condition's message. Subclasses are ordered last (after {@link OnNativeLibraryCondition}):
 * Spring stops at the first condition that does not match, so a JVM without the binding or the
 * driver library never reaches the probe.
 */
abstract class OnProbeCondition extends SpringBootCondition {
    private final Class<? extends Annotation> annotation;
    private final Supplier<ProbeOutcome> probe;

    OnProbeCondition(Class<? extends Annotation> annotation, Supplier<ProbeOutcome> probe) {
        this.annotation = annotation;
        this.probe = probe;
    }

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        ProbeOutcome outcome = probe.get();
        ConditionMessage message = ConditionMessage.forCondition(annotation).because(outcome.reason());
        return outcome.usable() ? ConditionOutcome.match(message) : ConditionOutcome.noMatch(message);
    }
}
