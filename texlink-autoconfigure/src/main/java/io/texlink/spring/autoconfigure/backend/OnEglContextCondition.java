package io.texlink.spring.autoconfigure.backend;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/** {@link ConditionalOnEglContext}: asks {@link EglContextProbe}, last (see {@link OnProbeCondition}). */
@Order(Ordered.LOWEST_PRECEDENCE)
final class OnEglContextCondition extends OnProbeCondition {
    OnEglContextCondition() {
        super(ConditionalOnEglContext.class, EglContextProbe::outcome);
    }
}
