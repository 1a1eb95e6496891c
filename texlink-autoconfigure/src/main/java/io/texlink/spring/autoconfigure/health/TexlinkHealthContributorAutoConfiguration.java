package io.texlink.spring.autoconfigure.health;

import io.texlink.spring.TexlinkClients;
import io.texlink.spring.TexlinkServers;
import io.texlink.spring.autoconfigure.ConditionalOnTexlinkSessions;
import io.texlink.spring.autoconfigure.TexlinkClientAutoConfiguration;
import io.texlink.spring.autoconfigure.TexlinkServerAutoConfiguration;
import io.texlink.spring.health.TexlinkClientHealthIndicator;
import io.texlink.spring.health.TexlinkServerHealthIndicator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.context.annotation.Bean;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of the {@code texlink} health contributor:
 * {@code texlink.servers.<name>} and {@code texlink.clients.<name>}, one indicator per session.
 * Switch it off with {@code management.health.texlink.enabled=false}.
 */
@AutoConfiguration(after = { TexlinkServerAutoConfiguration.class, TexlinkClientAutoConfiguration.class })
@ConditionalOnClass({ HealthContributor.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnTexlinkSessions
@ConditionalOnEnabledHealthIndicator("texlink")
public final class TexlinkHealthContributorAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(name = { "texlinkHealthIndicator", "texlinkHealthContributor" })
    HealthContributor texlinkHealthContributor(ObjectProvider<TexlinkServers> servers, ObjectProvider<TexlinkClients> clients) {
        Map<String, HealthContributor> kinds = new LinkedHashMap<>();
        servers.ifAvailable(s -> kinds.put("servers", CompositeHealthContributor.fromMap(toMap(s.names(),
                name -> new TexlinkServerHealthIndicator(s.get(name), () -> s.producerFailure(name))))));
        clients.ifAvailable(c -> kinds.put("clients", CompositeHealthContributor.fromMap(toMap(c.names(),
                name -> new TexlinkClientHealthIndicator(c.get(name), c.staleAfter(name))))));
        return CompositeHealthContributor.fromMap(kinds);
    }

    private static Map<String, HealthContributor> toMap(Iterable<String> names,
                                                        Function<String, HealthContributor> indicator) {
        Map<String, HealthContributor> map = new LinkedHashMap<>();
        names.forEach(name -> map.put(name, indicator.apply(name)));
        return map;
    }
}
