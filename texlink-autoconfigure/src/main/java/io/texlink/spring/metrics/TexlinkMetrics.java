package io.texlink.spring.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.texlink.ReconnectingClient;
import io.texlink.TexlinkServer;
import io.texlink.spring.TexlinkClients;
import io.texlink.spring.TexlinkServers;
import io.texlink.spring.backend.BackendType;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Micrometer meters of an application's texlink sessions, tagged {@code session} (the session
 * name), {@code role} ({@code producer} or {@code consumer}) and {@code backend}:
 * <ul>
 *   <li>{@value #PUBLISHED} (counter, producers): frames published;</li>
 *   <li>{@value #CLIENTS} (gauge, producers): consumers connected now;</li>
 *   <li>{@value #ACQUIRED} (counter, consumers): frames acquired, over every connection;</li>
 *   <li>{@value #DROPPED} (counter, consumers): frames skipped because a newer one arrived first;</li>
 *   <li>{@value #LATENCY} (timer, consumers): producer's publish to consumer's acquire, across
 *       processes, with a percentile histogram; producers that write no timestamps (C peers)
 *       record none.</li>
 * </ul>
 * Counters read the engine's own statistics, so they cost nothing per frame.
 */
public final class TexlinkMetrics implements MeterBinder {
    public static final String PUBLISHED = "texlink.frames.published";
    public static final String CLIENTS = "texlink.clients";
    public static final String ACQUIRED = "texlink.frames.acquired";
    public static final String DROPPED = "texlink.frames.dropped";
    public static final String LATENCY = "texlink.frame.latency";

    private final TexlinkServers servers;
    private final TexlinkClients clients;
    private final BackendType backend;

    /**
     * @param servers the producer sessions, or null when the application has none
     * @param clients the consumed sessions, or null when the application has none
     * @param backend the backend, for the {@code backend} tag
     */
    public TexlinkMetrics(TexlinkServers servers, TexlinkClients clients, BackendType backend) {
        this.servers = servers;
        this.clients = clients;
        this.backend = backend;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        if (servers != null) {
            for (String name : servers.names()) {
                bindServer(registry, servers.get(name));
            }
        }
        if (clients != null) {
            for (String name : clients.names()) {
                Timer latency = bindClient(registry, clients.get(name));
                clients.onFrameLatency(name, nanos -> latency.record(nanos, TimeUnit.NANOSECONDS));
            }
        }
    }

    private void bindServer(MeterRegistry registry, TexlinkServer server) {
        Tags tags = tags(server.options().name(), "producer");
        FunctionCounter.builder(PUBLISHED, server, s -> s.stats().framesPublished())
                .description("Frames published").tags(tags).register(registry);
        Gauge.builder(CLIENTS, server, TexlinkServer::clientCount)
                .description("Consumers connected").tags(tags).register(registry);
    }

    private Timer bindClient(MeterRegistry registry, ReconnectingClient client) {
        Tags tags = tags(client.options().name(), "consumer");
        FunctionCounter.builder(ACQUIRED, client, c -> c.stats().framesAcquired())
                .description("Frames acquired").tags(tags).register(registry);
        FunctionCounter.builder(DROPPED, client, c -> c.stats().framesDropped())
                .description("Frames skipped because a newer one arrived first").tags(tags)
                .register(registry);
        return Timer.builder(LATENCY)
                .description("Producer's publish to consumer's acquire, across processes")
                .tags(tags)
                .publishPercentiles(0.5, 0.9, 0.99)
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(1_000))
                .maximumExpectedValue(Duration.ofSeconds(1))
                .register(registry);
    }

    private Tags tags(String session, String role) {
        return Tags.of("session", session, "role", role, "backend", backend.propertyValue());
    }
}
