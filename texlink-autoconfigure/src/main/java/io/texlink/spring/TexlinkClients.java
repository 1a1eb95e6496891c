package io.texlink.spring;

import io.texlink.Backoff;
import io.texlink.ClientOptions;
import io.texlink.ReconnectingClient;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
public final class TexlinkClients implements SmartLifecycle, DisposableBean {

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

    private record Session(ReconnectingClient client, Duration staleAfter, LatencyRelay latency) {
    }

    private final Map<String, Session> sessions = new LinkedHashMap<>();
    private final Map<String, ConsumerLoop> consumers = new LinkedHashMap<>();
    private volatile boolean running;
    private boolean closed;

    /**
     * Starts connecting every client and pairs each consumer with its client.
     *
     * @param consumers {@link FrameConsumer}s by the name of the client each one serves
     */
    public TexlinkClients(List<Definition> definitions, Map<String, FrameConsumer> consumers) {
        try {
            for (Definition d : definitions) {
                LatencyRelay latency = new LatencyRelay();
                ReconnectingClient client = ReconnectingClient.start(d.options().latencyRecorder(latency).build(), d.backoff());
                sessions.put(d.name(), new Session(client, d.staleAfter(), latency));
                FrameConsumer consumer = consumers.get(d.name());
                if (consumer != null) {
                    this.consumers.put(d.name(), new ConsumerLoop(d.name(), client, consumer, d.acquireTimeout()));
                }
            }
        } catch (RuntimeException e) {
            closeClients();
            throw e;
        }
    }

    /**
     * The client configured as {@code texlink.clients.<name>}.
     *
     * @throws IllegalArgumentException when there is none of that name
     */
    public ReconnectingClient get(String name) {
        return session(name).client();
    }

    /** The names under {@code texlink.clients}, in configuration order. */
    public Set<String> names() {
        return sessions.keySet();
    }

    /** How long client {@code name} may go without a frame before its health is DOWN. */
    public Duration staleAfter(String name) {
        return session(name).staleAfter();
    }

    /**
     * Sends client {@code name}'s publish-to-acquire latencies (nanoseconds, measured from the
     * producer's timestamp; none from producers that write no timestamps) to {@code listener}, on
     * the acquiring thread. One listener per client; the metrics auto-configuration sets a timer.
     */
    public void onFrameLatency(String name, LongConsumer listener) {
        session(name).latency().target = listener;
    }

    private Session session(String name) {
        Session session = sessions.get(name);
        if (session == null) {
            throw new IllegalArgumentException("no texlink client '" + name + "': configured are " + sessions.keySet());
        }
        return session;
    }

    /** Starts the consumers. */
    @Override
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("texlink clients were stopped and closed; they cannot start again");
        }
        consumers.values().forEach(ConsumerLoop::start);
        running = true;
    }

    /** Stops the consumers (each finishes its current frame), then closes every client. */
    @Override
    public synchronized void stop() {
        running = false;
        consumers.values().forEach(ConsumerLoop::stop);
        closeClients();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** Closes the clients if the context never started or stopped them. */
    @Override
    public void destroy() {
        stop();
    }

    private void closeClients() {
        closed = true;
        sessions.values().forEach(s -> s.client().close());
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
