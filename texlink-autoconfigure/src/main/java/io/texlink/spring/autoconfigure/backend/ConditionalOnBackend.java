package io.texlink.spring.autoconfigure.backend;

import io.texlink.spring.backend.BackendType;
import org.springframework.context.annotation.Conditional;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Matches when {@code texlink.backend} selects this backend: by name, or as {@code auto} when
 * {@code auto} {@linkplain BackendType#pickedByAuto() picks} it.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Conditional(OnBackendCondition.class)
public @interface ConditionalOnBackend {

    /** The backend the annotated configuration provides. */
    BackendType value();
}
