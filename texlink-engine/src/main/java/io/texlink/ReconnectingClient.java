package io.texlink;

import io.texlink.lifecycle.ShutdownCloser;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * A consumer that stays subscribed to a session name: it connects in the background, reconnects
 * with back-off after the producer goes away or restarts, and meanwhile
 * {@link #tryAcquireFrame} simply returns no frame. What a long-running consumer service wants.
 *
 * <p>Frames acquired from a connection that was lost stay readable until released; the old
 * connection is closed once the application released them.
 *
 * <p>Thread-safety: as {@link TexlinkClient}.
 */
public final class ReconnectingClient implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ReconnectingClient.class.getName());

    private final ClientOptions options;
    private final Backoff backoff;
    private final Thread connector;
    private volatile TexlinkClient client;
    private volatile TexlinkClient retired;
    private volatile boolean closed;
    private volatile String lastError = "not connected yet";
    private volatile long connects;
    private volatile long acquiredBefore;
    private volatile long droppedBefore;

    private ReconnectingClient(ClientOptions options, Backoff backoff) {
        this.options = options;
        this.backoff = backoff;
        this.connector = Thread.ofPlatform().daemon().name("texlink-connect-" + options.name()).unstarted(this::connectLoop);
    }

    /** Starts connecting in the background and returns at once. */
    public static ReconnectingClient start(ClientOptions options, Backoff backoff) {
        ReconnectingClient r = new ReconnectingClient(options, backoff);
        ShutdownCloser.closeAtExit(r);
        r.connector.start();
        return r;
    }

    /**
     * The newest frame within {@code timeoutNanos}, or null when none arrived or no producer is
     * connected right now. Never throws for a lost producer.
     */
    public AcquiredFrame tryAcquireFrame(long timeoutNanos) {
        long deadline = System.nanoTime() + timeoutNanos;
        while (!closed) {
            TexlinkClient c = client;
            long left = deadline - System.nanoTime();
            if (c != null && c.state() == ConnectionState.CONNECTED) {
                try {
                    return c.tryAcquireFrame(Math.max(0, left));
                } catch (TexlinkException | IllegalStateException e) {
                    LockSupport.unpark(connector); // lost: let the connector replace it
                }
            }
            if (left <= 0) {
                return null;
            }
            LockSupport.parkNanos(Math.min(left, 10_000_000L));
        }
        return null;
    }

    /** Gives a frame back to the connection it came from. */
    public void releaseFrame(AcquiredFrame frame) {
        frame.owner().releaseFrame(frame);
        LockSupport.unpark(connector);
    }

    /** CONNECTED while a producer serves frames, CONNECTING while looking for one, CLOSED after close(). */
    public ConnectionState state() {
        if (closed) {
            return ConnectionState.CLOSED;
        }
        TexlinkClient c = client;
        return c != null && c.state() == ConnectionState.CONNECTED ? ConnectionState.CONNECTED : ConnectionState.CONNECTING;
    }

    /** The live connection, if any. */
    public Optional<TexlinkClient> current() {
        TexlinkClient c = client;
        return c != null && c.state() == ConnectionState.CONNECTED ? Optional.of(c) : Optional.empty();
    }

    /** Why the last connection attempt failed or the last connection ended. */
    public String lastError() {
        TexlinkClient c = client;
        if (c != null && c.failure().isPresent()) {
            return c.failure().get().getMessage(); // lost, not yet replaced by the connector
        }
        return lastError;
    }

    /** Successful connections so far (1 + reconnects). */
    public long connects() {
        return connects;
    }

    /** Counters summed over every connection so far. */
    public ClientStats stats() {
        TexlinkClient c = client;
        if (c == null) {
            return new ClientStats(acquiredBefore, droppedBefore, 0, -1, -1);
        }
        ClientStats s = c.stats();
        return new ClientStats(acquiredBefore + s.framesAcquired(), droppedBefore + s.framesDropped(), s.lastFrameId(),
                s.lastAcquireNanos(), s.lastNoticeNanos());
    }

    public ClientOptions options() {
        return options;
    }

    private void connectLoop() {
        int failures = 0;
        while (!closed) {
            closeRetiredIfFree();
            TexlinkClient c = client;
            if (c != null && c.state() == ConnectionState.CONNECTED) {
                LockSupport.parkNanos(options.housekeepingInterval().toNanos() * 10);
                continue;
            }
            if (c != null) {
                retire(c);
            }
            try {
                TexlinkClient fresh = TexlinkClient.connect(options);
                synchronized (this) {
                    if (closed) {
                        fresh.close();
                        return;
                    }
                    client = fresh;
                }
                connects++;
                failures = 0;
                LOG.log(Level.INFO, "texlink client {0}: connected to {1}", options.name(), fresh.producer());
            } catch (TexlinkException e) {
                if (closed) {
                    return; // close() interrupted the attempt
                }
                failures++;
                lastError = e.getMessage();
                Duration pause = backoff.pauseAfter(failures);
                LOG.log(failures == 1 ? Level.WARNING : Level.DEBUG, "texlink client {0}: {1}; retrying in {2} ms",
                        options.name(), e.getMessage(), pause.toMillis());
                LockSupport.parkNanos(pause.toNanos());
            }
        }
    }

    /** Keeps the lost connection's counters and closes it once its frames are released. */
    private synchronized void retire(TexlinkClient c) {
        ClientStats s = c.stats();
        acquiredBefore += s.framesAcquired();
        droppedBefore += s.framesDropped();
        lastError = c.failure().map(Throwable::getMessage).orElse("connection ended");
        LOG.log(Level.WARNING, "texlink client {0}: lost the producer: {1}", options.name(), lastError);
        client = null;
        if (retired != null) {
            retired.close();
        }
        retired = c;
        closeRetiredIfFree();
    }

    private synchronized void closeRetiredIfFree() {
        if (retired != null && !retired.holdsFrames()) {
            retired.close();
            retired = null;
        }
    }

    /** Stops reconnecting and closes the connection. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        ShutdownCloser.forget(this);
        connector.interrupt(); // cuts short a connect attempt that is waiting for the producer
        try {
            connector.join(options.connectTimeout().toMillis() + 5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            if (client != null) {
                client.close();
                client = null;
            }
            if (retired != null) {
                retired.close();
                retired = null;
            }
        }
    }
}
