package io.texlink.spring.autoconfigure;

import io.texlink.ReconnectingClient;
import io.texlink.spring.FrameConsumer;
import io.texlink.spring.TexlinkClients;
import io.texlink.spring.autoconfigure.backend.TexlinkBackendAutoConfiguration;
import io.texlink.spring.backend.TexlinkBackend;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of the consumed sessions under
 * {@code texlink.clients}: a {@link TexlinkClients} bean, each client's {@link FrameConsumer} bean
 * fed every acquired frame, and a plain {@link ReconnectingClient} bean when exactly one client is
 * configured.
 */
@AutoConfiguration(after = TexlinkBackendAutoConfiguration.class)
@EnableConfigurationProperties(TexlinkProperties.class)
@ConditionalOnSessionsConfigured(SessionKind.CLIENTS)
public final class TexlinkClientAutoConfiguration {

    /** Sessions from the properties, unless the application declares its own {@link TexlinkClients} bean. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingBean(TexlinkClients.class)
    static class PropertiesConfiguration {

        @Bean
        TexlinkClients texlinkClients(TexlinkProperties properties, TexlinkBackend backend, ListableBeanFactory beans) {
            var definitions = properties.getClients().entrySet().stream()
                    .map(e -> SessionDefinitions.client(e.getKey(), e.getValue(), backend)).toList();
            var consumers = SessionCallbacks.assign(FrameConsumer.class, SessionKind.CLIENTS, properties.getClients().keySet(),
                    beans.getBeansOfType(FrameConsumer.class));
            return new TexlinkClients(definitions, consumers);
        }

        /** The only client, for injection by type; its life cycle is {@link TexlinkClients}'s. */
        @Bean(destroyMethod = "")
        @ConditionalOnMissingBean
        @ConditionalOnSessionsConfigured(value = SessionKind.CLIENTS, exactlyOne = true)
        ReconnectingClient texlinkClient(TexlinkClients clients) {
            return clients.get(clients.names().iterator().next());
        }
    }
}
