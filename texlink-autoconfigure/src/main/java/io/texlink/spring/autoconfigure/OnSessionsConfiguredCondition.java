package io.texlink.spring.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

import java.util.Map;
import java.util.Objects;
import java.util.Set;

/** {@link ConditionalOnSessionsConfigured}: counts the keys bound under the session map's prefix. */
final class OnSessionsConfiguredCondition extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        Map<String, Object> attributes = Objects.requireNonNull(
                metadata.getAnnotationAttributes(ConditionalOnSessionsConfigured.class.getName()));
        SessionKind kind = (SessionKind) attributes.get("value");
        boolean exactlyOne = (Boolean) attributes.get("exactlyOne");
        Set<String> names = Binder.get(context.getEnvironment())
                .bind(kind.prefix(), Bindable.mapOf(String.class, kind.propertiesType()))
                .map(Map::keySet).orElse(Set.of());
        ConditionMessage.Builder message = ConditionMessage.forCondition(ConditionalOnSessionsConfigured.class,
                kind.prefix() + (exactlyOne ? " (exactly one)" : ""));
        boolean match = exactlyOne ? names.size() == 1 : !names.isEmpty();
        String found = names.isEmpty() ? kind.prefix() + " configures no session"
                : kind.prefix() + " configures " + names;
        return match ? ConditionOutcome.match(message.because(found)) : ConditionOutcome.noMatch(message.because(found));
    }
}
