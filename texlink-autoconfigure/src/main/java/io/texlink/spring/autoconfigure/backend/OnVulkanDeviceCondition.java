package io.texlink.spring.autoconfigure.backend;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/** {@link ConditionalOnVulkanDevice}: asks {@link VulkanDeviceProbe}, last (see {@link OnProbeCondition}). */
@Order(Ordered.LOWEST_PRECEDENCE)
final class OnVulkanDeviceCondition extends OnProbeCondition {
    OnVulkanDeviceCondition() {
        super(ConditionalOnVulkanDevice.class, VulkanDeviceProbe::outcome);
    }
}
