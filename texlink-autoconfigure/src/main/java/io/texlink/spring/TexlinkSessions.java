package io.texlink.spring;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The sessions of one kind an application runs, by their configured name, with the callback loops
 * that serve them; started and stopped with the application context. A stopped instance closed
 * its sessions and cannot start again.
 *
 * @param <S> what a session is to the application: a server or a client
 */
public abstract sealed class TexlinkSessions<S> implements SmartLifecycle, DisposableBean
        permits TexlinkServers, TexlinkClients {
    private final String kind;
    private final int phase;
    private final Map<String, S> sessions = new LinkedHashMap<>();
    private final Map<String, CallbackLoop> loops = new LinkedHashMap<>();
    private volatile boolean running;
    private boolean closed;

    TexlinkSessions(String kind, int phase) {
        this.kind = kind;
        this.phase = phase;
    }

    /**
     * The session configured as {@code texlink.<kind>s.<name>}.
     *
     * @throws IllegalArgumentException when there is none of that name
     */
    public S get(String name) {
        S session = sessions.get(name);
        if (session == null) {
            throw new IllegalArgumentException("no texlink " + kind + " '" + name + "': configured are " + sessions.keySet());
        }
        return session;
    }

    /** The configured names, in configuration order. */
    public Set<String> names() {
        return sessions.keySet();
    }

    final void add(String name, S session) {
        sessions.put(name, session);
    }

    final void addLoop(String name, CallbackLoop loop) {
        loops.put(name, loop);
    }

    final CallbackLoop loop(String name) {
        return loops.get(name);
    }

    /** Makes the sessions reachable, before the loops start; by default nothing. */
    void open(S session) {
    }

    /** Releases everything the session holds. Idempotent. */
    abstract void close(S session);

    /** Opens every session, then starts the loops. */
    @Override
    public final synchronized void start() {
        if (closed) {
            throw new IllegalStateException("texlink " + kind + "s were stopped and closed; they cannot start again");
        }
        try {
            sessions.values().forEach(this::open);
        } catch (RuntimeException e) {
            closeSessions();
            throw e;
        }
        loops.values().forEach(CallbackLoop::start);
        running = true;
    }

    /** Stops the loops (each finishes its callback in progress), then closes every session. */
    @Override
    public final synchronized void stop() {
        running = false;
        loops.values().forEach(CallbackLoop::stop);
        closeSessions();
    }

    @Override
    public final boolean isRunning() {
        return running;
    }

    @Override
    public final int getPhase() {
        return phase;
    }

    /** Closes the sessions if the context never started or stopped them. */
    @Override
    public final void destroy() {
        stop();
    }

    /** Closes the sessions made so far; for constructors that fail half-way and for stop. */
    final void closeSessions() {
        closed = true;
        sessions.values().forEach(this::close);
    }
}
