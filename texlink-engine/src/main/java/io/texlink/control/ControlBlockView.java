package io.texlink.control;

import io.texlink.TexlinkPeerException;
import io.texlink.TexlinkProtocolException;
import io.texlink.backend.DeviceIdentity;
import io.texlink.posix.FileStat;
import io.texlink.posix.Libc;
import io.texlink.posix.NativeCallException;
import io.texlink.posix.OwnedFd;
import io.texlink.wire.ControlBlockLayout;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Optional;

/**
 * The consumer's read-only access to a producer's control block. It reads with {@code pread}
 * rather than mapping: a shared-memory object cannot be sealed, and a producer that truncated a
 * mapped one would kill this JVM with SIGBUS; a short read is harmless.
 *
 * <p>Thread-safety: {@link #publishNanos(int)} may be called by one thread at a time.
 */
public final class ControlBlockView implements AutoCloseable {
    private final OwnedFd fd;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment slot = arena.allocate(ValueLayout.JAVA_LONG);
    private boolean extended;
    private DeviceIdentity device;

    private ControlBlockView(OwnedFd fd) {
        this.fd = fd;
    }

    /**
     * Opens the control block a producer named in its handshake.
     *
     * @param producerUid the producer's uid from the socket credentials: the object must belong to
     *                    it, so another user cannot plant a fake one under that name
     */
    public static ControlBlockView open(String name, int producerUid, int bufferCount) {
        OwnedFd fd;
        try {
            fd = new OwnedFd(Libc.shmOpen(name, Libc.O_RDONLY | Libc.O_CLOEXEC | Libc.O_NOFOLLOW, 0));
        } catch (NativeCallException e) {
            throw new TexlinkPeerException("cannot open the producer's control block " + name + ": " + e.getMessage(), e);
        }
        try {
            FileStat stat = Libc.fstat(fd.fd());
            if (!stat.isRegularFile() || stat.size() < ControlBlockLayout.WIRE_SIZE) {
                throw new TexlinkProtocolException("control block " + name + " is a " + stat.kind() + " of " + stat.size()
                        + " bytes; v3 needs at least " + ControlBlockLayout.WIRE_SIZE);
            }
            if (stat.uid() != producerUid) {
                throw new TexlinkPeerException("control block " + name + " belongs to uid " + stat.uid()
                        + " but the producer runs as uid " + producerUid + ": refusing a block planted by someone else");
            }
            ControlBlockView view = new ControlBlockView(fd);
            view.readHeader(name, bufferCount);
            return view;
        } catch (RuntimeException e) {
            fd.close();
            throw e;
        }
    }

    private void readHeader(String name, int bufferCount) {
        MemorySegment snapshot = arena.allocate(ControlBlockLayout.TOTAL_SIZE, 8);
        long n = Libc.pread(fd.fd(), snapshot, ControlBlockLayout.TOTAL_SIZE, 0);
        if (n < ControlBlockLayout.WIRE_SIZE) {
            throw new TexlinkProtocolException("control block " + name + " could not be read (" + n + " bytes)");
        }
        int count = ControlBlockLayout.bufferCount(snapshot);
        if (count != bufferCount) {
            throw new TexlinkProtocolException("control block " + name + " says " + count
                    + " buffers but the handshake said " + bufferCount);
        }
        extended = n >= ControlBlockLayout.TOTAL_SIZE && ControlBlockLayout.hasExtension(snapshot);
        if (extended) {
            DeviceIdentity d = new DeviceIdentity(ControlBlockLayout.deviceUuid(snapshot), ControlBlockLayout.driverUuid(snapshot));
            device = d.isNone() ? null : d;
        }
    }

    /** The producer's GPU, when it shares GPU memory and says so (texlink producers do). */
    public Optional<DeviceIdentity> producerDevice() {
        return Optional.ofNullable(device);
    }

    /** True when the producer writes texlink's extension (publish timestamps); C producers do not. */
    public boolean hasTimestamps() {
        return extended;
    }

    /**
     * The producer's {@code System.nanoTime()} at the publish of the frame now in {@code index}, or
     * -1 when the producer writes no timestamps. Allocation-free.
     */
    public long publishNanos(int index) {
        if (!extended) {
            return -1;
        }
        // 8 bytes, not the block: the slot of a held frame cannot change, and this runs once per frame.
        long n = Libc.pread(fd.fd(), slot, Long.BYTES, ControlBlockLayout.publishNanosOffset(index));
        return n == Long.BYTES ? slot.get(ValueLayout.JAVA_LONG, 0) : -1;
    }

    @Override
    public void close() {
        fd.close();
        arena.close();
    }
}
