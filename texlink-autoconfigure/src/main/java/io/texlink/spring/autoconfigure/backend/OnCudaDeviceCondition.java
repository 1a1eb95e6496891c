package io.texlink.spring.autoconfigure.backend;

import io.texlink.cuda.CudaAvailability;
import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * {@link ConditionalOnCudaDevice}: asks {@link CudaAvailability#check()}, which probes once per JVM
 * and never throws. Last in order (after {@link OnNativeLibraryCondition}): Spring stops at the
 * first condition that does not match, so a JVM without JCuda or {@code libcuda.so.1} never
 * reaches the probe.
 */
@Order(Ordered.LOWEST_PRECEDENCE)
final class OnCudaDeviceCondition extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        CudaAvailability cuda = CudaAvailability.check();
        ConditionMessage.Builder message = ConditionMessage.forCondition(ConditionalOnCudaDevice.class);
        return cuda.available()
                ? ConditionOutcome.match(message.because(cuda.reason()))
                : ConditionOutcome.noMatch(message.because("texlink cannot use CUDA here: " + cuda.reason()));
    }
}
