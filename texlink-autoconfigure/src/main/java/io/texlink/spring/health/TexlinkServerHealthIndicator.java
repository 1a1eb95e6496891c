package io.texlink.spring.health;

import io.texlink.ConnectionState;
import io.texlink.ServerStats;
import io.texlink.TexlinkServer;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Health of one producer session: UP while it listens, DOWN otherwise or after its
 * {@code FrameProducer} failed. Details: state, socket, clients, frames published, age of the last
 * publish, consumers refused and dropped.
 */
public final class TexlinkServerHealthIndicator implements HealthIndicator {
    private final TexlinkServer server;
    private final Supplier<Optional<Throwable>> producerFailure;

    /**
     * @param server          the session
     * @param producerFailure what its timed producer threw, if it has one and it failed
     */
    public TexlinkServerHealthIndicator(TexlinkServer server, Supplier<Optional<Throwable>> producerFailure) {
        this.server = server;
        this.producerFailure = producerFailure;
    }

    @Override
    public Health health() {
        ServerStats stats = server.stats();
        ConnectionState state = server.state();
        Optional<Throwable> failure = producerFailure.get();
        Health.Builder health = state == ConnectionState.LISTENING && failure.isEmpty() ? Health.up() : Health.down();
        health.withDetail("session", server.options().name())
                .withDetail("socket", server.options().socketPath().toString())
                .withDetail("state", state)
                .withDetail("clients", stats.clients())
                .withDetail("framesPublished", stats.framesPublished())
                .withDetail("lastPublishAge", FrameAge.since(stats.lastPublishNanos()).map(Duration::toString).orElse("never"))
                .withDetail("clientsRefused", stats.clientsRefused())
                .withDetail("clientsDropped", stats.clientsDropped());
        failure.ifPresent(e -> health.withDetail("reason", "the FrameProducer failed: " + e));
        if (state != ConnectionState.LISTENING) {
            health.withDetail("reason", "the server is " + state + ", not LISTENING");
        }
        return health.build();
    }
}
