package io.texlink.spring.autoconfigure.backend;

import org.springframework.context.annotation.Conditional;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Matches when the dynamic linker can load the named library (e.g. {@code libcuda.so.1}, which
 * only a machine with the NVIDIA driver has). Evaluated after every other condition, so the probe
 * runs only for a backend that is selected and whose classes are present.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Conditional(OnNativeLibraryCondition.class)
public @interface ConditionalOnNativeLibrary {

    /** The library's soname, as {@code dlopen} takes it. */
    String value();
}
