package io.texlink.spring;

import io.texlink.ServerOptions;
import io.texlink.TexlinkServer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The producer sessions of an application, by the name they have under {@code texlink.servers}.
 * Inject it and {@link #get(String) get} a server to publish on, or declare a
 * {@link FrameProducer} bean for a server and let it be called at the session's publish rate.
 *
 * <p>Life cycle: the servers' buffers are allocated when this bean is created; they start
 * listening (socket, control block, registry entry) when the application context starts, before
 * the web server, and close when it stops, after the web server. Closing disconnects every
 * consumer and removes the socket, the control block and the registry entry. A stopped instance
 * cannot start again.
 */
public final class TexlinkServers implements SmartLifecycle, DisposableBean {

    /** Lifecycle phase: start before the web server (DEFAULT_PHASE - 2048), stop after it. */
    public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

    /**
     * One server to run.
     *
     * @param name        the key under {@code texlink.servers}
     * @param options     how the server shares frames
     * @param publishRate frames per second for its {@link FrameProducer}, if it has one
     */
    public record Definition(String name, ServerOptions options, double publishRate) {
    }

    private final Map<String, TexlinkServer> servers = new LinkedHashMap<>();
    private final Map<String, ProducerLoop> producers = new LinkedHashMap<>();
    private volatile boolean running;
    private boolean closed;

    /**
     * Creates every server (allocating its buffers) and pairs each producer with its server.
     *
     * @param producers {@link FrameProducer}s by the name of the server each one fills
     */
    public TexlinkServers(List<Definition> definitions, Map<String, FrameProducer> producers) {
        try {
            for (Definition d : definitions) {
                servers.put(d.name(), TexlinkServer.create(d.options()));
                FrameProducer producer = producers.get(d.name());
                if (producer != null) {
                    this.producers.put(d.name(), new ProducerLoop(d.name(), servers.get(d.name()), producer, d.publishRate()));
                }
            }
        } catch (RuntimeException e) {
            closeServers();
            throw e;
        }
    }

    /**
     * The server configured as {@code texlink.servers.<name>}.
     *
     * @throws IllegalArgumentException when there is none of that name
     */
    public TexlinkServer get(String name) {
        TexlinkServer server = servers.get(name);
        if (server == null) {
            throw new IllegalArgumentException("no texlink server '" + name + "': configured are " + servers.keySet());
        }
        return server;
    }

    /** The names under {@code texlink.servers}, in configuration order. */
    public Set<String> names() {
        return servers.keySet();
    }

    /** What the {@link FrameProducer} of server {@code name} threw, after which the server publishes no more. */
    public Optional<Throwable> producerFailure(String name) {
        ProducerLoop loop = producers.get(name);
        return loop == null ? Optional.empty() : loop.failure();
    }

    /** Starts listening on every server, then the producers. */
    @Override
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("texlink servers were stopped and closed; they cannot start again");
        }
        try {
            for (TexlinkServer server : servers.values()) {
                server.start();
            }
        } catch (RuntimeException e) {
            closeServers();
            throw e;
        }
        producers.values().forEach(ProducerLoop::start);
        running = true;
    }

    /** Stops the producers, then closes every server. */
    @Override
    public synchronized void stop() {
        running = false;
        producers.values().forEach(ProducerLoop::stop);
        closeServers();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** Closes the servers if the context never started or stopped them. */
    @Override
    public void destroy() {
        stop();
    }

    private void closeServers() {
        closed = true;
        servers.values().forEach(TexlinkServer::close);
    }
}
