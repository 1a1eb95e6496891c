package io.texlink.spring;

import io.texlink.Backoff;
import io.texlink.ClientOptions;
import io.texlink.ReconnectingClient;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * The consumed sessions of an application, by the name they have under {@code texlink.clients}.
 * Inject it and {@link #get(String) get} a client to acquire frames from, or declare a
 * {@link FrameConsumer} bean for a client and receive every frame it acquires.
 *
 * <p>Each client starts connecting in the background when this bean is created and reconnects
 * with back-off whenever its producer goes away, so an application may start before its producer.
 * Consumers start with the application context, after the servers of the same application, and
 * stop before them; stopping closes every client. A stopped instance cannot start again.
 */
public final class TexlinkClients extends TexlinkSessions<ReconnectingClient> {

    /** Lifecycle phase: just after {@link TexlinkServers#PHASE}, so a client of a local server stops first. */
    public static final int PHASE = TexlinkServers.PHASE + 1;

    /**
     * One client to run.
     *
     * @param name           the key under {@code texlink.clients}
     * @param options        how to connect; its latency recorder is replaced (see {@link #onFrameLatency})
     * @param backoff        pauses between reconnect attempts
     * @param acquireTimeout how long the {@link FrameConsumer}'s thread waits for a frame before checking again
     * @param staleAfter     how long without frames a connected client counts as stale
     */
    public record Definition(String name, ClientOptions.Builder options, Backoff backoff, Duration acquireTimeout,
                             Duration staleAfter) {
    }

    private final Map<String, Duration> staleAfter = new HashMap<>();
    private final Map<String, LatencyRelay> latency = new HashMap<>();

    /**
     * Starts connecting every client and pairs each consumer with its client.
     *
     * @param consumers {@link FrameConsumer}s by the name of the client each one serves
     */
    public TexlinkClients(List<Definition> definitions, Map<String, FrameConsumer> consumers) {
        super("client", PHASE);
        try {
            for (Definition d : definitions) {
                LatencyRelay relay = new LatencyRelay();
                ReconnectingClient client = ReconnectingClient.start(d.options().latencyRecorder(relay).build(), d.backoff());
                add(d.name(), client);
                staleAfter.put(d.name(), d.staleAfter());
                latency.put(d.name(), relay);
                FrameConsumer consumer = consumers.get(d.name());
                if (consumer != null) {
                    addLoop(d.name(), new ConsumerLoop(d.name(), client, consumer, d.acquireTimeout()));
                }
            }
        } catch (RuntimeException e) {
            closeSessions();
            throw e;
        }
    }

    /** How long client {@code name} may go without a frame before its health is DOWN. */
    public Duration staleAfter(String name) {
        get(name);
        return staleAfter.get(name);
    }

    /**
     * Sends client {@code name}'s publish-to-acquire latencies (nanoseconds, measured from the
     * producer's timestamp; none from producers that write no timestamps) to {@code listener}, on
     * the acquiring thread. One listener per client; the metrics auto-configuration sets a timer.
     */
    public void onFrameLatency(String name, LongConsumer listener) {
        get(name);
        latency.get(name).target = listener;
    }

    @Override
    void close(ReconnectingClient client) {
        client.close();
    }

    /** The latency recorder a client gets at creation, forwarding to whoever {@link #onFrameLatency} names later. */
    private static final class LatencyRelay implements LongConsumer {
        private volatile LongConsumer target = nanos -> {
        };

        @Override
        public void accept(long nanos) {
            target.accept(nanos);
        }
    }
}
