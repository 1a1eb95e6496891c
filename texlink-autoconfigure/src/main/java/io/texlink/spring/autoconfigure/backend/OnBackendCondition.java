package io.texlink.spring.autoconfigure.backend;

import io.texlink.spring.backend.BackendType;
import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.type.AnnotatedTypeMetadata;

import java.util.Objects;

/** {@link ConditionalOnBackend}: compares {@code texlink.backend} with the annotated backend. */
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
final class OnBackendCondition extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        BackendType wanted = (BackendType) Objects.requireNonNull(
                metadata.getAnnotationAttributes(ConditionalOnBackend.class.getName())).get("value");
        BackendType selected = selectedBackend(context);
        ConditionMessage.Builder message = ConditionMessage.forCondition(ConditionalOnBackend.class, wanted.propertyValue());
        if (selected == wanted) {
            return ConditionOutcome.match(message.because("texlink.backend is " + selected.propertyValue()));
        }
        if (selected == BackendType.AUTO && wanted.pickedByAuto()) {
            return ConditionOutcome.match(message.because("texlink.backend is auto"));
        }
        if (selected == BackendType.AUTO) {
            return ConditionOutcome.noMatch(message.because("texlink.backend is auto, which does not pick "
                    + wanted.displayName() + ": " + (wanted.implemented()
                            ? "set texlink.backend=" + wanted.propertyValue() + " to use it"
                            : "this texlink build has no " + wanted.displayName() + " backend yet")));
        }
        return ConditionOutcome.noMatch(message.because("texlink.backend is " + selected.propertyValue()));
    }

    /** The value of {@code texlink.backend}, {@link BackendType#AUTO} when unset. */
    static BackendType selectedBackend(ConditionContext context) {
        return Binder.get(context.getEnvironment()).bind("texlink.backend", BackendType.class).orElse(BackendType.AUTO);
    }
}
