package io.texlink.spring.autoconfigure.backend;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * {@link ConditionalOnVulkanDevice}: asks {@link VulkanDeviceProbe}, which runs once per JVM. Last
 * in order (after {@link OnNativeLibraryCondition}): Spring stops at the first condition that does
 * not match, so a JVM without LWJGL or {@code libvulkan.so.1} never reaches the probe.
 */
@Order(Ordered.LOWEST_PRECEDENCE)
final class OnVulkanDeviceCondition extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        VulkanDeviceProbe.Outcome probe = VulkanDeviceProbe.outcome();
        ConditionMessage message = ConditionMessage.forCondition(ConditionalOnVulkanDevice.class).because(probe.reason());
        return probe.usable() ? ConditionOutcome.match(message) : ConditionOutcome.noMatch(message);
    }
}
