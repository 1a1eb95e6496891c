package io.texlink.spring;

import io.texlink.ServerOptions;
import io.texlink.TexlinkServer;
import org.springframework.context.SmartLifecycle;

import java.util.List;
import java.util.Map;
import java.util.Optional;

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
public final class TexlinkServers extends TexlinkSessions<TexlinkServer> {

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

    /**
     * Creates every server (allocating its buffers) and pairs each producer with its server.
     *
     * @param producers {@link FrameProducer}s by the name of the server each one fills
     */
    public TexlinkServers(List<Definition> definitions, Map<String, FrameProducer> producers) {
        super("server", PHASE);
        try {
            for (Definition d : definitions) {
                TexlinkServer server = TexlinkServer.create(d.options());
                add(d.name(), server);
                FrameProducer producer = producers.get(d.name());
                if (producer != null) {
                    addLoop(d.name(), new ProducerLoop(d.name(), server, producer, d.publishRate()));
                }
            }
        } catch (RuntimeException e) {
            closeSessions();
            throw e;
        }
    }

    /** What the {@link FrameProducer} of server {@code name} threw on its latest frame (that frame was skipped); empty once a frame succeeds. */
    public Optional<Throwable> producerFailure(String name) {
        return loop(name) instanceof ProducerLoop producer ? producer.failure() : Optional.empty();
    }

    @Override
    void open(TexlinkServer server) {
        server.start();
    }

    @Override
    void close(TexlinkServer server) {
        server.close();
    }
}
