package io.texlink.spring.autoconfigure;

import io.texlink.TexlinkServer;
import io.texlink.spring.FrameProducer;
import io.texlink.spring.TexlinkServers;
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
 * {@link EnableAutoConfiguration Auto-configuration} of the producer sessions under
 * {@code texlink.servers}: a {@link TexlinkServers} bean, each server's {@link FrameProducer}
 * bean called at its publish rate, and a plain {@link TexlinkServer} bean when exactly one server
 * is configured.
 */
@AutoConfiguration(after = TexlinkBackendAutoConfiguration.class)
@EnableConfigurationProperties(TexlinkProperties.class)
@ConditionalOnSessionsConfigured(SessionKind.SERVERS)
public final class TexlinkServerAutoConfiguration {

    /** Sessions from the properties, unless the application declares its own {@link TexlinkServers} bean. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnMissingBean(TexlinkServers.class)
    static class PropertiesConfiguration {

        @Bean
        TexlinkServers texlinkServers(TexlinkProperties properties, TexlinkBackend backend, ListableBeanFactory beans) {
            var definitions = properties.getServers().entrySet().stream()
                    .map(e -> SessionDefinitions.server(e.getKey(), e.getValue(), backend)).toList();
            var producers = SessionCallbacks.assign(FrameProducer.class, SessionKind.SERVERS, properties.getServers().keySet(),
                    beans.getBeansOfType(FrameProducer.class));
            return new TexlinkServers(definitions, producers);
        }

        /** The only server, for injection by type; its life cycle is {@link TexlinkServers}'s. */
        @Bean(destroyMethod = "")
        @ConditionalOnMissingBean
        @ConditionalOnSessionsConfigured(value = SessionKind.SERVERS, exactlyOne = true)
        TexlinkServer texlinkServer(TexlinkServers servers) {
            return servers.get(servers.names().iterator().next());
        }
    }
}
