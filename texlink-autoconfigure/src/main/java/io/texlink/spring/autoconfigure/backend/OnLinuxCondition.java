package io.texlink.spring.autoconfigure.backend;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** {@link ConditionalOnLinux}: reads {@code os.name} from the environment (so tests can set it). */
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
final class OnLinuxCondition extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        String os = context.getEnvironment().getProperty("os.name", "");
        ConditionMessage.Builder message = ConditionMessage.forCondition(ConditionalOnLinux.class);
        return os.startsWith("Linux")
                ? ConditionOutcome.match(message.because("os.name is " + os))
                : ConditionOutcome.noMatch(message.because("os.name is " + os + "; this backend needs Linux"));
    }
}
