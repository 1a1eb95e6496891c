package io.texlink;

import io.texlink.backend.ExportedBuffer;
import io.texlink.backend.FrameAllocator;
import io.texlink.control.ControlBlock;
import io.texlink.lifecycle.ShutdownCloser;
import io.texlink.posix.Libc;
import io.texlink.registry.SessionLock;
import io.texlink.transport.PeerIdentity;
import io.texlink.transport.UnixConnection;
import io.texlink.transport.UnixListener;
import io.texlink.wire.ControlBlockLayout;
import io.texlink.wire.ControlBlockNames;
import io.texlink.wire.FrameNoticeRecord;
import io.texlink.wire.Handshake;
import io.texlink.wire.HandshakeRecord;
import io.texlink.wire.ReleaseRecord;

import java.lang.System.Logger.Level;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntPredicate;

/**
 * The producer side of a texlink session: owns the shared buffers, the control block and the
 * socket, and tells each consumer about every frame.
 *
 * <pre>{@code
 * try (TexlinkServer server = TexlinkServer.create(ServerOptions.builder("cam",
 *         FrameDescriptor.texture2d(1920, 1080, PixelFormat.ABGR8888)).build())) {
 *     server.start();
 *     WritableFrame frame = server.tryBeginFrame();      // null while every buffer is in use
 *     if (frame != null) {
 *         fill(frame.memory());
 *         server.endFrame(frame);                         // consumers are notified
 *     }
 * }
 * }</pre>
 *
 * <p>Thread-safety: {@link #beginFrame()}/{@link #endFrame} belong to one producer thread at a
 * time; everything else may be called from any thread. Consumers are served by internal daemon
 * threads (one accepts, one per consumer reads its releases); a slow or stuck consumer never
 * blocks {@link #endFrame}: one whose socket buffer is full is dropped.
 */
public final class TexlinkServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(TexlinkServer.class.getName());

    private final ServerOptions options;
    private final FrameAllocator allocator;
    private final WritableFrame[] frames;
    private final FrameMeta meta;
    private final int bufferCount;
    private final int ownUid = Libc.getuid();
    private final IntPredicate bufferFree = i -> ControlBlockLayout.refCount(this.block, i) == 0;

    private final ReentrantLock lock = new ReentrantLock();
    private final Arena arena = Arena.ofShared();
    private final MemorySegment notice = arena.allocate(FrameNoticeRecord.SIZE, 8);
    private ClientSession[] sessions = new ClientSession[0];
    /** Reader threads still running, also of consumers already dropped (their sockets close on those threads). */
    private final Set<Thread> readers = ConcurrentHashMap.newKeySet();
    /** The frame consumers would get now, packed as in the control block; 0 before the first. Guarded by lock. */
    private long publishedFrame;
    private long publishedSyncValue;

    private volatile ConnectionState state = ConnectionState.CREATED;
    private UnixListener listener;
    private SessionLock sessionLock;
    private ControlBlock controlBlock;
    private MemorySegment block;
    private Thread acceptor;
    private boolean registered;

    // Producer-thread state.
    private int current = -1;
    private int lastWritten = -1;
    private long stalledSince = -1;

    private volatile long framesPublished;
    private volatile long lastPublishNanos = -1;
    private volatile long clientsRefused;
    private volatile long clientsDropped;
    private volatile long framesUnavailable;

    private TexlinkServer(ServerOptions options, FrameAllocator allocator, WritableFrame[] frames) {
        this.options = options;
        this.allocator = allocator;
        this.frames = frames;
        this.bufferCount = frames.length;
        this.meta = new FrameMeta(allocator.backend(), allocator.handleType(), frames[0].descriptor(), 0,
                allocator.syncHandleType(), 0);
    }

    /** Allocates the session's buffers. Nothing is visible to consumers until {@link #start()}. */
    public static TexlinkServer create(ServerOptions options) {
        FrameAllocator allocator = options.allocator().get();
        int count = options.buffering().bufferCount();
        WritableFrame[] frames = new WritableFrame[count];
        try {
            for (int i = 0; i < count; i++) {
                frames[i] = new WritableFrame(i, allocator.allocate(i, options.descriptor()));
            }
        } catch (RuntimeException e) {
            for (WritableFrame f : frames) {
                if (f != null) {
                    f.buffer().close();
                }
            }
            allocator.close();
            throw e;
        }
        TexlinkServer server = new TexlinkServer(options, allocator, frames);
        ShutdownCloser.closeAtExit(server);
        return server;
    }

    /**
     * Listens on the socket, creates the control block and announces the name.
     *
     * @throws TexlinkPeerException when a live producer already serves this socket
     */
    public synchronized void start() {
        if (state != ConnectionState.CREATED) {
            throw new IllegalStateException("server " + options.name() + " is " + state + "; start() works once, after create()");
        }
        try {
            listener = UnixListener.bind(options.socketPath(), !options.allowedUids().isEmpty());
            sessionLock = SessionLock.acquire(options.socketPath());
            controlBlock = ControlBlock.create(ControlBlockNames.forSocket(options.socketPath()), bufferCount, meta,
                    !options.allowedUids().isEmpty(), allocator.deviceIdentity());
            block = controlBlock.segment();
            if (options.registry() != null) {
                registered = options.registry().announce(options.name(), options.socketPath(), (int) ProcessHandle.current().pid());
                if (!registered) {
                    LOG.log(Level.WARNING, "texlink registry {0} is full; session {1} is reachable by path only",
                            options.registry().file(), options.name());
                }
            }
        } catch (RuntimeException e) {
            state = ConnectionState.ERROR;
            releaseEndpoints();
            throw e;
        }
        acceptor = Thread.ofPlatform().daemon().name("texlink-accept-" + options.name()).start(this::acceptLoop);
        state = ConnectionState.LISTENING;
        LOG.log(Level.INFO, "texlink server {0} listening on {1} ({2} x {3}, {4} buffers, {5})", options.name(),
                options.socketPath(), meta.descriptor().type(), meta.descriptor().size(), bufferCount, meta.handleType());
    }

    /**
     * The next buffer to fill, or null when every buffer is held by consumers or is the one they
     * would acquire now. Never blocks. Allocation-free.
     */
    public WritableFrame tryBeginFrame() {
        requireListening();
        for (WritableFrame f : frames) {
            if (f.writing) {
                throw new IllegalStateException("frame " + f.index() + " is still being written: call endFrame first");
            }
        }
        int index = BufferRotation.next(bufferCount, current, lastWritten, bufferFree);
        if (index < 0) {
            framesUnavailable++;
            evictIfStalled();
            return null;
        }
        stalledSince = -1;
        WritableFrame frame = frames[index];
        frame.buffer().beginWrite();
        frame.writing = true;
        return frame;
    }

    /** {@link #tryBeginFrame()} as an Optional: empty when no buffer is free. */
    public Optional<WritableFrame> beginFrame() {
        return Optional.ofNullable(tryBeginFrame());
    }

    /**
     * Publishes {@code frame}: it becomes the newest frame and each consumer gets a notification.
     * Allocation-free.
     *
     * @return the new frame's id
     */
    public long endFrame(WritableFrame frame) {
        if (frame == null || frame.index() >= bufferCount || frames[frame.index()] != frame || !frame.writing) {
            throw new IllegalStateException("endFrame needs the frame returned by this server's beginFrame");
        }
        requireListening();
        int index = frame.index();
        long syncValue = frame.buffer().endWrite();
        frame.writing = false;
        long now = System.nanoTime();
        long id = ControlBlockLayout.incrementFrameId(block);
        ControlBlockLayout.writeMetaFrame(block, id, syncValue);
        ControlBlockLayout.storePublishNanos(block, index, now);
        ControlBlockLayout.storeCurrentIndexRelease(block, index);
        current = index;
        lastWritten = index;
        lock.lock();
        try {
            publishedFrame = ControlBlockLayout.packPublished(id, index);
            publishedSyncValue = syncValue;
            FrameNoticeRecord.write(notice, id, index, false, syncValue);
            for (ClientSession s : sessions) {
                notify(s, index);
            }
        } finally {
            lock.unlock();
        }
        // Last, after every consumer's reference is counted: a consumer that spins on this word may take the frame at once.
        ControlBlockLayout.storePublishedRelease(block, id, index);
        lastPublishNanos = now;
        framesPublished++;
        return id;
    }

    /**
     * No buffer has been free for longer than the stall timeout: the consumers holding buffers the
     * producer could write are not releasing them, so they are dropped and their references return.
     */
    private void evictIfStalled() {
        long now = System.nanoTime();
        if (stalledSince < 0) {
            stalledSince = now;
            return;
        }
        if (now - stalledSince < options.stallTimeout().toNanos()) {
            return;
        }
        stalledSince = -1;
        lock.lock();
        try {
            for (ClientSession s : sessions) {
                for (int i = 0; i < bufferCount; i++) {
                    if (s.held[i] > 0 && (i != current || bufferCount == 1)) {
                        drop(s, "it held buffer " + i + " for over " + options.stallTimeout().toMillis()
                                + " ms while the producer had no free buffer (stall timeout)");
                        break;
                    }
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Gives back a frame from {@link #tryBeginFrame()} without publishing it (the application could
     * not fill it). Consumers see nothing; the buffer is free for the next {@code tryBeginFrame}.
     */
    public void abortFrame(WritableFrame frame) {
        if (frame == null || frame.index() >= bufferCount || frames[frame.index()] != frame || !frame.writing) {
            throw new IllegalStateException("abortFrame needs the frame returned by this server's beginFrame");
        }
        frame.buffer().abortWrite();
        frame.writing = false;
    }

    /** Adds the consumer's reference and sends the notice in {@link #notice}; holds the lock. */
    private void notify(ClientSession s, int index) {
        s.held[index]++;
        ControlBlockLayout.addRefs(block, index, 1);
        switch (s.connection.trySend(notice, FrameNoticeRecord.SIZE)) {
            case SENT -> {
            }
            case BUFFER_FULL -> drop(s, "its socket buffer is full: it has not been reading notifications");
            case PEER_GONE -> drop(s, "it closed the connection");
        }
    }

    /** Consumers connected now. */
    public int clientCount() {
        lock.lock();
        try {
            return sessions.length;
        } finally {
            lock.unlock();
        }
    }

    public ConnectionState state() {
        return state;
    }

    /**
     * Consumers' references on buffer {@code index} now: frames of that buffer notified and not yet
     * released. 0 for every buffer when no consumer holds anything.
     */
    public int references(int index) {
        if (index < 0 || index >= bufferCount) {
            throw new IndexOutOfBoundsException("buffer " + index + " of " + bufferCount);
        }
        requireListening();
        return ControlBlockLayout.refCount(block, index);
    }

    /** Number of buffers (1..3). */
    public int frameCount() {
        return bufferCount;
    }

    /** The metadata consumers receive in the handshake. */
    public FrameMeta meta() {
        return meta;
    }

    public ServerOptions options() {
        return options;
    }

    public ServerStats stats() {
        return new ServerStats(framesPublished, clientCount(), clientsRefused, clientsDropped, lastPublishNanos,
                framesUnavailable);
    }

    private void requireListening() {
        if (state != ConnectionState.LISTENING) {
            throw new IllegalStateException("server " + options.name() + " is " + state + ", not LISTENING");
        }
    }

    private void acceptLoop() {
        UnixConnection connection;
        while ((connection = listener.accept()) != null) {
            try {
                admit(connection);
            } catch (RuntimeException e) {
                refuse(connection, "handshake failed: " + e.getMessage());
            }
        }
    }

    private void admit(UnixConnection connection) {
        PeerIdentity peer = connection.peer();
        if (peer.uid() != ownUid && !options.allowedUids().contains(peer.uid())) {
            refuse(connection, "uid " + peer.uid() + " may not connect: this producer runs as uid " + ownUid
                    + "; add " + peer.uid() + " to the allowed uids (texlink.servers.<name>.allowed-uids) to admit it");
            return;
        }
        if (clientCount() >= options.maxClients()) {
            refuse(connection, "the server already serves its maximum of " + options.maxClients() + " consumers");
            return;
        }
        ClientSession session = new ClientSession(connection);
        Thread reader;
        // Handshake and registration happen under the lock, so no frame published in between goes
        // unannounced. The sends go into a fresh socket's empty buffer and cannot block.
        lock.lock();
        try {
            if (state != ConnectionState.LISTENING) {
                connection.close();
                return;
            }
            try (Arena scratch = Arena.ofConfined()) {
                MemorySegment handshake = scratch.allocate(HandshakeRecord.SIZE, 8);
                HandshakeRecord.write(handshake, new Handshake(bufferCount, options.buffering(), meta, controlBlock.name()));
                connection.sendFully(handshake, HandshakeRecord.SIZE);
            }
            for (WritableFrame f : frames) {
                connection.sendDescriptor(f.buffer().exportDescriptor());
            }
            if (meta.syncHandleType() == HandleType.OPAQUE_FD) {
                connection.sendDescriptor(allocator.syncDescriptor()); // texlink extension: the session's timeline semaphore
            }
            sessions = Arrays.copyOf(sessions, sessions.length + 1);
            sessions[sessions.length - 1] = session;
            reader = Thread.ofPlatform().daemon()
                    .name("texlink-releases-" + options.name() + "-" + peer.pid())
                    .unstarted(() -> readReleases(session));
            // A new consumer gets the newest frame at once instead of waiting for the next publish
            // (not with one buffer: the producer may be writing it right now).
            if (publishedFrame != 0 && bufferCount > 1) {
                long id = ControlBlockLayout.publishedFrameId(publishedFrame);
                int index = ControlBlockLayout.publishedIndex(publishedFrame);
                FrameNoticeRecord.write(notice, id, index, false, publishedSyncValue);
                notify(session, index);
            }
        } finally {
            lock.unlock();
        }
        readers.add(reader);
        reader.start();
        LOG.log(Level.DEBUG, "texlink server {0}: consumer {1} connected", options.name(), peer);
        options.listener().clientConnected(peer);
    }

    private void refuse(UnixConnection connection, String reason) {
        clientsRefused++;
        LOG.log(Level.WARNING, "texlink server {0}: refused {1}: {2}", options.name(), connection.peer(), reason);
        options.listener().clientRefused(connection.peer(), reason);
        connection.close();
    }

    /** Runs on the consumer's reader thread until it disconnects or misbehaves. */
    private void readReleases(ClientSession s) {
        String reason = "it closed the connection";
        try {
            while (s.connection.receiveFully(s.releaseBuffer, ReleaseRecord.SIZE)) {
                int index;
                try {
                    index = ReleaseRecord.validatedBufferIndex(s.releaseBuffer, bufferCount);
                } catch (TexlinkProtocolException e) {
                    reason = "protocol violation: " + e.getMessage();
                    break;
                }
                lock.lock();
                try {
                    if (s.dropped) {
                        return;
                    }
                    if (s.held[index] == 0) {
                        reason = "protocol violation: it released buffer " + index + ", which it does not hold";
                        break;
                    }
                    s.held[index]--;
                    ControlBlockLayout.addRefs(block, index, -1);
                } finally {
                    lock.unlock();
                }
            }
        } finally {
            lock.lock();
            try {
                if (!s.dropped) {
                    drop(s, reason);
                }
            } finally {
                lock.unlock();
            }
            s.connection.close();
            s.arena.close();
            readers.remove(Thread.currentThread());
        }
    }

    /**
     * Removes a consumer and returns every reference it held, so the producer never waits for a
     * consumer that is gone. Holds the lock. The consumer's reader thread closes the socket.
     */
    private void drop(ClientSession s, String reason) {
        s.dropped = true;
        for (int i = 0; i < bufferCount; i++) {
            if (s.held[i] > 0) {
                ControlBlockLayout.addRefs(block, i, -s.held[i]);
                s.held[i] = 0;
            }
        }
        ClientSession[] remaining = new ClientSession[sessions.length - 1];
        int n = 0;
        for (ClientSession other : sessions) {
            if (other != s && n < remaining.length) {
                remaining[n++] = other;
            }
        }
        sessions = remaining;
        s.connection.shutdown();
        boolean normal = reason.startsWith("it closed") || reason.startsWith("the producer");
        if (!normal) {
            clientsDropped++;
        }
        LOG.log(normal ? Level.DEBUG : Level.WARNING, "texlink server {0}: consumer {1} dropped: {2}",
                options.name(), s.peer, reason);
        options.listener().clientDisconnected(s.peer, reason);
    }

    /**
     * Disconnects every consumer, removes the socket file, the control block and the registry
     * entry, and frees the buffers. Consumers keep their mappings of frames they hold. Idempotent.
     */
    @Override
    public synchronized void close() {
        if (state == ConnectionState.CLOSED) {
            return;
        }
        state = ConnectionState.CLOSED;
        ShutdownCloser.forget(this);
        if (listener != null) {
            listener.close();
        }
        join(acceptor);
        lock.lock();
        try {
            for (ClientSession s : sessions) {
                drop(s, "the producer is closing");
            }
        } finally {
            lock.unlock();
        }
        for (Thread reader : readers) {
            join(reader);
        }
        releaseEndpoints();
        for (WritableFrame f : frames) {
            f.buffer().close();
        }
        allocator.close();
        arena.close();
    }

    private void releaseEndpoints() {
        if (registered) {
            options.registry().withdraw(options.name(), (int) ProcessHandle.current().pid());
            registered = false;
        }
        if (controlBlock != null) {
            controlBlock.close();
            controlBlock = null;
        }
        if (listener != null) {
            listener.close();
        }
        if (sessionLock != null) {
            sessionLock.close();
            sessionLock = null;
        }
    }

    private static void join(Thread t) {
        if (t == null || t == Thread.currentThread()) {
            return;
        }
        try {
            t.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "TexlinkServer[" + options.name() + " at " + options.socketPath() + ", " + state + "]";
    }
}
