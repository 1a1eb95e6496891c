package io.texlink.spring.autoconfigure.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.texlink.spring.TexlinkClients;
import io.texlink.spring.TexlinkServers;
import io.texlink.spring.autoconfigure.ConditionalOnTexlinkSessions;
import io.texlink.spring.autoconfigure.TexlinkClientAutoConfiguration;
import io.texlink.spring.autoconfigure.TexlinkServerAutoConfiguration;
import io.texlink.spring.backend.TexlinkBackend;
import io.texlink.spring.metrics.TexlinkMetrics;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of {@link TexlinkMetrics} for every server
 * and client, bound to the application's {@link MeterRegistry}.
 */
@AutoConfiguration(after = { TexlinkServerAutoConfiguration.class, TexlinkClientAutoConfiguration.class },
        afterName = "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration")
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnTexlinkSessions
public final class TexlinkMetricsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    TexlinkMetrics texlinkMetrics(ObjectProvider<TexlinkServers> servers, ObjectProvider<TexlinkClients> clients,
                                  TexlinkBackend backend) {
        return new TexlinkMetrics(servers.getIfAvailable(), clients.getIfAvailable(), backend.type());
    }
}
