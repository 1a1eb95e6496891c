package io.texlink.spring.autoconfigure.backend;

import org.springframework.context.annotation.Conditional;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Matches when texlink's CUDA backend works in this JVM: {@code io.texlink.cuda.CudaAvailability}
 * found JCuda, loaded the driver, initialised it and saw a GPU. Its message is the probe's: the
 * driver version and devices, or what is missing. Evaluated last, after the class, property, OS
 * and library conditions, so the probe (which loads JCuda's native library) runs only for a
 * backend that is selected and could work.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Conditional(OnCudaDeviceCondition.class)
public @interface ConditionalOnCudaDevice {
}
