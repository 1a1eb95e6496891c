package io.texlink.spring.autoconfigure;

import org.springframework.context.annotation.Conditional;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Matches when {@code texlink.servers} or {@code texlink.clients} configures at least one (or exactly one) session. */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Conditional(OnSessionsConfiguredCondition.class)
public @interface ConditionalOnSessionsConfigured {

    /** Which map to look at. */
    SessionKind value();

    /** True to match only when exactly one session is configured (for the plain single-session beans). */
    boolean exactlyOne() default false;
}
