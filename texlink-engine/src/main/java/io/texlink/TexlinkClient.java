package io.texlink;

import io.texlink.backend.FrameImporter;
import io.texlink.backend.ImportedBuffer;
import io.texlink.control.ControlBlockView;
import io.texlink.lifecycle.ShutdownCloser;
import io.texlink.posix.Libc;
import io.texlink.posix.OwnedFd;
import io.texlink.posix.PollSet;
import io.texlink.transport.PeerIdentity;
import io.texlink.transport.UnixConnection;
import io.texlink.wire.FrameNoticeRecord;
import io.texlink.wire.Handshake;
import io.texlink.wire.HandshakeRecord;
import io.texlink.wire.ReleaseRecord;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The consumer side of a texlink session: receives the producer's buffers once, then hands out
 * the newest frame on each {@link #acquireFrame}.
 *
 * <pre>{@code
 * try (TexlinkClient client = TexlinkClient.connect(ClientOptions.builder("cam").build())) {
 *     AcquiredFrame frame = client.tryAcquireFrame(1_000_000_000L);   // null after 1 s without a frame
 *     if (frame != null) {
 *         use(frame.memory());
 *         client.releaseFrame(frame);
 *     }
 * }
 * }</pre>
 *
 * <p>Newest wins: when several frames arrived since the last acquire, the newest is returned and
 * the others go straight back to the producer. While the application is busy elsewhere, a
 * housekeeping thread keeps reading notifications, so a consumer that holds a frame for long never
 * pins more than that frame and the newest one; it also notices a lost producer within a few
 * milliseconds ({@link #state()} turns {@link ConnectionState#DISCONNECTED}).
 *
 * <p>Thread-safety: any thread may call any method; acquires are serialized. A client does not
 * reconnect by itself: after a disconnect, close it and connect again.
 */
public final class TexlinkClient implements AutoCloseable {
    private final ClientOptions options;
    private final UnixConnection connection;
    private final FrameMeta meta;
    private final int bufferCount;
    private final FrameImporter importer;
    private final AcquiredFrame[] frames;
    private final ControlBlockView controlBlock;

    /** The reader role and the mailbox below; held while acquiring or draining. */
    private final ReentrantLock readLock = new ReentrantLock();
    private final Object sendLock = new Object();
    private final Arena arena = Arena.ofShared();
    /** Notices are read up to {@link #INBOX_NOTICES} at a time: one recv per frame, not one more to find the socket empty. */
    private static final int INBOX_NOTICES = 16;
    private final MemorySegment inbox = arena.allocate((long) INBOX_NOTICES * FrameNoticeRecord.SIZE, 8);
    /** inbox.asSlice(i) for every offset and each whole record, made once so reading allocates nothing. */
    private final MemorySegment[] inboxTails = new MemorySegment[INBOX_NOTICES * FrameNoticeRecord.SIZE];
    private final MemorySegment[] inboxRecords = new MemorySegment[INBOX_NOTICES];
    /**
     * Bytes asked per recv: a whole inbox, or exactly one notice where the producer may send a
     * sync_file after a notice (its dummy byte must be left for recvmsg, or the kernel drops the fd).
     */
    private final int readSize;
    private final MemorySegment release = arena.allocate(ReleaseRecord.SIZE, 4);
    /** Slot 0: the socket; slot 1: a frame's sync_file (C producers that send them). */
    private final PollSet poll = new PollSet(2);
    private int inboxFilled;
    private int pendingIndex = -1;
    private long pendingId;
    private long pendingSyncValue;
    private OwnedFd pendingSyncFd;

    private volatile ConnectionState state = ConnectionState.CONNECTED;
    private volatile TexlinkException failure;
    private volatile boolean closed;
    private final Thread housekeeper;

    private volatile long framesAcquired;
    private volatile long framesDropped;
    private volatile long lastFrameId;
    private volatile long lastAcquireNanos = -1;
    private volatile long lastNoticeNanos = -1;

    private TexlinkClient(ClientOptions options, UnixConnection connection, Handshake handshake, FrameImporter importer,
                          ImportedBuffer[] buffers, ControlBlockView controlBlock) {
        this.options = options;
        this.connection = connection;
        this.meta = handshake.meta();
        this.bufferCount = handshake.bufferCount();
        this.importer = importer;
        this.controlBlock = controlBlock;
        this.frames = new AcquiredFrame[bufferCount];
        for (int i = 0; i < bufferCount; i++) {
            frames[i] = new AcquiredFrame(this, i, buffers[i], meta.descriptor());
        }
        for (int i = 0; i < inboxTails.length; i++) {
            inboxTails[i] = inbox.asSlice(i);
        }
        for (int i = 0; i < INBOX_NOTICES; i++) {
            inboxRecords[i] = inbox.asSlice((long) i * FrameNoticeRecord.SIZE, FrameNoticeRecord.SIZE);
        }
        this.readSize = meta.syncHandleType() == HandleType.SYNC_FD ? FrameNoticeRecord.SIZE : (int) inbox.byteSize();
        poll.watchInput(0, connection.fd());
        this.housekeeper = Thread.ofPlatform().daemon().name("texlink-housekeeping-" + options.name())
                .unstarted(this::housekeep);
    }

    /**
     * Connects, receives the handshake and the buffers, and opens the control block.
     *
     * @throws TexlinkTimeoutException     when no producer answers within the connect timeout
     * @throws TexlinkPeerException        when the producer refuses us or we refuse it (uid)
     * @throws TexlinkProtocolException    when the producer sends something v3 does not allow
     * @throws TexlinkUnsupportedException when the importer cannot use the producer's buffers
     */
    public static TexlinkClient connect(ClientOptions options) {
        Path socket = options.resolveSocket();
        long deadline = System.nanoTime() + options.connectTimeout().toNanos();
        UnixConnection connection = UnixConnection.connect(socket, options.connectTimeout());
        FrameImporter importer = null;
        ImportedBuffer[] buffers = new ImportedBuffer[0];
        OwnedFd[] handles = new OwnedFd[0];
        OwnedFd syncHandle = null;
        ControlBlockView view = null;
        try {
            PeerIdentity producer = connection.peer();
            int ownUid = Libc.getuid();
            if (producer.uid() != ownUid && !options.trustedProducerUids().contains(producer.uid())) {
                throw new TexlinkPeerException("the producer on " + socket + " (" + producer + ") is not this user (uid "
                        + ownUid + "); add " + producer.uid() + " to the trusted producer uids to accept its frames");
            }
            Handshake handshake;
            try (Arena scratch = Arena.ofConfined()) {
                MemorySegment bytes = scratch.allocate(HandshakeRecord.SIZE, 8);
                connection.receiveFully(bytes, HandshakeRecord.SIZE, remaining(deadline), "handshake");
                handshake = HandshakeRecord.read(bytes);
            }
            handles = new OwnedFd[handshake.bufferCount()];
            for (int i = 0; i < handles.length; i++) {
                handles[i] = connection.receiveDescriptor(remaining(deadline), "buffer " + i);
            }
            if (handshake.meta().syncHandleType() == HandleType.OPAQUE_FD) {
                syncHandle = connection.receiveDescriptor(remaining(deadline), "timeline semaphore");
            }
            view = ControlBlockView.open(handshake.controlBlockName(), producer.uid(), handshake.bufferCount());
            importer = options.importer().get();
            importer.checkProducerDevice(view.producerDevice());
            buffers = new ImportedBuffer[handles.length];
            for (int i = 0; i < handles.length; i++) {
                OwnedFd handle = handles[i];
                handles[i] = null; // the importer owns it from here, also when it fails
                buffers[i] = importer.importBuffer(i, handle, handshake.meta());
            }
            if (syncHandle != null) {
                OwnedFd handle = syncHandle;
                syncHandle = null;
                importer.importSync(handle, handshake.meta());
            }
            TexlinkClient client = new TexlinkClient(options, connection, handshake, importer, buffers, view);
            ShutdownCloser.closeAtExit(client);
            client.housekeeper.start();
            return client;
        } catch (RuntimeException e) {
            for (OwnedFd h : handles) {
                if (h != null) {
                    h.close();
                }
            }
            if (syncHandle != null) {
                syncHandle.close();
            }
            for (ImportedBuffer b : buffers) {
                if (b != null) {
                    b.close();
                }
            }
            if (view != null) {
                view.close();
            }
            if (importer != null) {
                importer.close();
            }
            PeerIdentity producer = connection.peer();
            connection.close();
            if (e instanceof TexlinkPeerException && e.getMessage().startsWith("handshake:")) {
                throw new TexlinkPeerException(e.getMessage() + ". A producer closes the connection when it refuses"
                        + " a consumer: this process runs as uid " + Libc.getuid() + ", the producer as uid "
                        + producer.uid() + ", and producers admit only their own uid unless configured otherwise", e);
            }
            throw e;
        }
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime()));
    }

    /**
     * Waits up to {@code timeoutNanos} for a frame newer than the last one acquired and returns it,
     * or null when none arrived. Allocation-free.
     *
     * @throws TexlinkPeerException     when the producer is gone
     * @throws TexlinkProtocolException when the producer broke the protocol (the client disconnects)
     */
    public AcquiredFrame tryAcquireFrame(long timeoutNanos) {
        long deadline = System.nanoTime() + Math.max(0, timeoutNanos);
        WaitStrategy wait = options.waitStrategy();
        readLock.lock();
        try {
            int emptyChecks = 0;
            while (true) {
                if (closed) {
                    throw new IllegalStateException("client " + options.name() + " is closed");
                }
                drainNotices();
                if (pendingIndex >= 0) {
                    return takePending(deadline);
                }
                if (failure != null) {
                    throw failure;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                if (wait.blocksOnSocket()) {
                    poll.await(1, (int) Math.min(Integer.MAX_VALUE, Math.max(1, left / 1_000_000)));
                } else {
                    wait.idle(++emptyChecks);
                }
            }
        } finally {
            readLock.unlock();
        }
    }

    /** {@link #tryAcquireFrame(long)} with a Duration, as an Optional. */
    public Optional<AcquiredFrame> acquireFrame(Duration timeout) {
        return Optional.ofNullable(tryAcquireFrame(timeout.toNanos()));
    }

    private AcquiredFrame takePending(long deadline) {
        AcquiredFrame frame = frames[pendingIndex];
        OwnedFd sync = pendingSyncFd;
        frame.frameId = pendingId;
        long syncValue = pendingSyncValue;
        pendingIndex = -1;
        pendingSyncFd = null;
        if (sync != null) {
            waitForSyncFile(sync, deadline);
        }
        frame.held = true;
        frame.buffer().beginRead(syncValue);
        frame.acquireNanos = System.nanoTime();
        frame.publishNanos = AcquiredFrame.NOT_READ;
        if (options.latencyRecorder() != ClientOptions.NO_LATENCY_RECORDER) {
            long latency = frame.latencyNanos();
            if (latency >= 0) {
                options.latencyRecorder().accept(latency);
            }
        }
        lastFrameId = frame.frameId;
        lastAcquireNanos = frame.acquireNanos;
        framesAcquired++;
        return frame;
    }

    /** A sync_file becomes readable when the producer's GPU work on the frame is done. Holds readLock. */
    private void waitForSyncFile(OwnedFd sync, long deadline) {
        try (sync) {
            poll.watchInput(1, sync.fd());
            // The frame is only valid once the fence signals, so wait at least a second for it.
            long waitMillis = Math.max(1_000, (deadline - System.nanoTime()) / 1_000_000);
            if (poll.awaitSlot(1, (int) Math.min(Integer.MAX_VALUE, waitMillis)) == 0) {
                throw new TexlinkTimeoutException("the producer's sync file for frame " + pendingId
                        + " did not signal within " + waitMillis + " ms");
            }
        }
    }

    /**
     * Gives a frame back to the producer. Each acquired frame must be released exactly once; a
     * release after the client lost its producer is ignored.
     *
     * @throws IllegalStateException when the frame is not held from this client
     */
    public void releaseFrame(AcquiredFrame frame) {
        if (frame == null || frame.index() >= bufferCount || frames[frame.index()] != frame || !frame.held) {
            throw new IllegalStateException("releaseFrame needs a frame acquired from this client and not yet released");
        }
        frame.held = false;
        frame.buffer().endRead();
        sendRelease(frame.index());
    }

    /** Reads every queued notification without blocking; keeps the newest as pending. Holds readLock. */
    private void drainNotices() {
        while (failure == null) {
            int wanted = readSize - inboxFilled;
            long n = connection.tryReceive(inboxTails[inboxFilled], wanted);
            if (n == 0) {
                return;
            }
            if (n < 0) {
                disconnect(new TexlinkPeerException("the producer of " + options.name() + " closed the connection"));
                return;
            }
            inboxFilled += (int) n;
            int whole = inboxFilled / FrameNoticeRecord.SIZE;
            for (int i = 0; i < whole && failure == null; i++) {
                acceptNotice(inboxRecords[i]);
            }
            int rest = inboxFilled - whole * FrameNoticeRecord.SIZE;
            if (rest > 0 && whole > 0) {
                MemorySegment.copy(inbox, (long) whole * FrameNoticeRecord.SIZE, inbox, 0, rest); // a partly sent notice
            }
            inboxFilled = rest;
            if (n < wanted) {
                return; // the socket had no more
            }
        }
    }

    private void acceptNotice(MemorySegment notice) {
        try {
            int index = FrameNoticeRecord.validatedBufferIndex(notice, bufferCount);
            long id = FrameNoticeRecord.frameId(notice);
            boolean hasSyncFile = FrameNoticeRecord.hasSyncFd(notice);
            if (hasSyncFile && meta.syncHandleType() != HandleType.SYNC_FD) {
                // v3 announces per-frame sync files in the handshake's meta; only then are notices read one at a time.
                throw new TexlinkProtocolException("the notice of frame " + id + " says a sync file follows, but the"
                        + " handshake announced sync handle type " + meta.syncHandleType() + ", not SYNC_FD");
            }
            OwnedFd sync = hasSyncFile ? connection.receiveDescriptor(Duration.ofSeconds(1), "sync file of frame " + id) : null;
            if (frames[index].held) {
                if (sync != null) {
                    sync.close();
                }
                throw new TexlinkProtocolException("the producer announced frame " + id + " in buffer " + index
                        + ", which this consumer still holds");
            }
            lastNoticeNanos = System.nanoTime();
            if (pendingIndex >= 0) {
                // Newest wins: the older pending frame goes straight back.
                sendRelease(pendingIndex);
                if (pendingSyncFd != null) {
                    pendingSyncFd.close();
                }
                framesDropped++;
            }
            pendingIndex = index;
            pendingId = id;
            pendingSyncValue = FrameNoticeRecord.syncValue(notice);
            pendingSyncFd = sync;
        } catch (TexlinkException e) {
            disconnect(e);
        }
    }

    private void sendRelease(int index) {
        synchronized (sendLock) {
            if (closed || failure != null) {
                return;
            }
            ReleaseRecord.write(release, index);
            try {
                connection.sendFully(release, ReleaseRecord.SIZE);
            } catch (TexlinkPeerException e) {
                disconnect(e);
            }
        }
    }

    /** Marks the session lost; the socket stays open (shut down) until close(). */
    private void disconnect(TexlinkException reason) {
        if (failure == null) {
            failure = reason;
            state = reason instanceof TexlinkProtocolException ? ConnectionState.ERROR : ConnectionState.DISCONNECTED;
            connection.shutdown();
        }
    }

    private void housekeep() {
        long interval = options.housekeepingInterval().toNanos();
        while (!closed && failure == null) {
            LockSupport.parkNanos(interval);
            if (readLock.tryLock()) {
                try {
                    if (!closed) {
                        drainNotices();
                    }
                } finally {
                    readLock.unlock();
                }
            }
        }
    }

    /** CONNECTED, DISCONNECTED (producer gone), ERROR (protocol violation) or CLOSED. */
    public ConnectionState state() {
        return state;
    }

    /** The producer's publish time of the frame now in {@code index}, -1 where it writes none. */
    long publishNanosOf(int index) {
        return controlBlock.publishNanos(index);
    }

    /** True while the application holds any frame of this client. */
    boolean holdsFrames() {
        for (AcquiredFrame f : frames) {
            if (f.held) {
                return true;
            }
        }
        return false;
    }

    /** Why the session ended, if it did. */
    public Optional<TexlinkException> failure() {
        return Optional.ofNullable(failure);
    }

    /** Number of buffers the producer rotates (1..3). */
    public int frameCount() {
        return bufferCount;
    }

    /** The producer's metadata from the handshake. */
    public FrameMeta meta() {
        return meta;
    }

    /** The producer's pid and uid. */
    public PeerIdentity producer() {
        return connection.peer();
    }

    /** True when the producer writes publish timestamps (texlink producers do; C producers do not). */
    public boolean producerWritesTimestamps() {
        return controlBlock.hasTimestamps();
    }

    public ClientOptions options() {
        return options;
    }

    public ClientStats stats() {
        return new ClientStats(framesAcquired, framesDropped, lastFrameId, lastAcquireNanos, lastNoticeNanos);
    }

    /**
     * Disconnects and unmaps the buffers; frames still held become unusable (access throws
     * IllegalStateException). Idempotent.
     */
    @Override
    public void close() {
        synchronized (sendLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        state = ConnectionState.CLOSED;
        ShutdownCloser.forget(this);
        connection.shutdown(); // wakes an acquire blocked in poll
        LockSupport.unpark(housekeeper);
        if (housekeeper != Thread.currentThread()) {
            try {
                housekeeper.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        readLock.lock();
        try {
            if (pendingSyncFd != null) {
                pendingSyncFd.close();
            }
            for (AcquiredFrame f : frames) {
                f.buffer().close();
            }
            controlBlock.close();
            importer.close();
            connection.close();
            poll.close();
            arena.close();
        } finally {
            readLock.unlock();
        }
    }

    @Override
    public String toString() {
        return "TexlinkClient[" + options.name() + ", " + state + "]";
    }
}
