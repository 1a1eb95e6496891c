package io.texlink.spring.autoconfigure;

import io.texlink.spring.TexlinkClients;
import io.texlink.spring.TexlinkServers;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.context.annotation.Conditional;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Matches when the context has a {@link TexlinkServers} or a {@link TexlinkClients} bean (for health and metrics). */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Conditional(ConditionalOnTexlinkSessions.OnTexlinkSessionsCondition.class)
public @interface ConditionalOnTexlinkSessions {

    /** Either bean is enough. */
    final class OnTexlinkSessionsCondition extends AnyNestedCondition {
        OnTexlinkSessionsCondition() {
            super(ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnBean(TexlinkServers.class)
        static final class Servers {
        }

        @ConditionalOnBean(TexlinkClients.class)
        static final class Clients {
        }
    }
}
