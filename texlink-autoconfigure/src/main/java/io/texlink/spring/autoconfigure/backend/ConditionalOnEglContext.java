package io.texlink.spring.autoconfigure.backend;

import org.springframework.context.annotation.Conditional;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Matches when texlink can create an EGL context here that shares memory: LWJGL finds the EGL
 * library, a display gives an OpenGL ES 3 context without a surface, and GL imports OPAQUE_FD
 * memory (with device UUIDs) or DMA-BUFs. Evaluated last, after the class, property, OS and
 * library conditions, so the probe runs only for a backend that is selected and could work; see
 * {@link EglContextProbe}.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Conditional(OnEglContextCondition.class)
public @interface ConditionalOnEglContext {
}
