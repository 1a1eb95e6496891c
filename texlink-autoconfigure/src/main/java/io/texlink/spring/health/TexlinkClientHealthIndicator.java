package io.texlink.spring.health;

import io.texlink.ClientStats;
import io.texlink.ConnectionState;
import io.texlink.ReconnectingClient;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import java.time.Duration;
import java.util.Optional;

/**
 * Health of one consumed session: UP while connected and frames keep arriving; DOWN while
 * disconnected (with the reason the connection failed or ended) or when no frame arrived for the
 * staleness limit. Details: state, frames acquired and dropped, last frame id and age, connects.
 */
public final class TexlinkClientHealthIndicator implements HealthIndicator {
    private final ReconnectingClient client;
    private final Duration staleAfter;

    /**
     * @param client     the session
     * @param staleAfter how long a connected client may go without a frame and still be UP
     */
    public TexlinkClientHealthIndicator(ReconnectingClient client, Duration staleAfter) {
        this.client = client;
        this.staleAfter = staleAfter;
    }

    @Override
    public Health health() {
        ClientStats stats = client.stats();
        ConnectionState state = client.state();
        Optional<Duration> age = FrameAge.since(stats.lastNoticeNanos());
        String problem = problem(state, age);
        Health.Builder health = problem == null ? Health.up() : Health.down().withDetail("reason", problem);
        return health.withDetail("session", client.options().name())
                .withDetail("state", state)
                .withDetail("framesAcquired", stats.framesAcquired())
                .withDetail("framesDropped", stats.framesDropped())
                .withDetail("lastFrameId", stats.lastFrameId())
                .withDetail("lastFrameAge", age.map(Duration::toString).orElse("never"))
                .withDetail("connects", client.connects())
                .build();
    }

    /** Why the client is not healthy, or null when it is. */
    private String problem(ConnectionState state, Optional<Duration> age) {
        if (state != ConnectionState.CONNECTED) {
            return "not connected to the producer: " + client.lastError();
        }
        if (age.isEmpty()) {
            return "connected, but the producer has sent no frame yet";
        }
        if (age.get().compareTo(staleAfter) > 0) {
            return "stale: no frame for " + age.get() + ", more than " + staleAfter;
        }
        return null;
    }
}
