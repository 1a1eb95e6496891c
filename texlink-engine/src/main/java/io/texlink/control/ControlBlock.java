package io.texlink.control;

import io.texlink.FrameMeta;
import io.texlink.backend.DeviceIdentity;
import io.texlink.posix.Libc;
import io.texlink.posix.MemoryMapping;
import io.texlink.posix.OwnedFd;
import io.texlink.wire.ControlBlockLayout;
import io.texlink.wire.ControlBlockNames;

import java.lang.foreign.MemorySegment;

/**
 * The producer's shared control block: a POSIX shared-memory object named
 * {@code /texlink_<socket base name>} holding the v3 fields (104 bytes) and texlink's extension
 * after them. Created fresh (a stale object of a crashed producer is unlinked first), mapped once,
 * unlinked on {@link #close()}.
 */
public final class ControlBlock implements AutoCloseable {
    private final String name;
    private final OwnedFd fd;
    private final MemoryMapping mapping;

    private ControlBlock(String name, OwnedFd fd, MemoryMapping mapping) {
        this.name = name;
        this.fd = fd;
        this.mapping = mapping;
    }

    /**
     * Creates the control block. Call only after the session's socket is bound, which proves no
     * live producer owns the name.
     *
     * @param readableByOthers mode 0644 instead of 0600, for sessions that admit other uids
     *                         (consumers only read it)
     * @param device           the GPU whose memory the session shares, for consumers to check
     */
    public static ControlBlock create(String name, int bufferCount, FrameMeta meta, boolean readableByOthers,
                                      java.util.Optional<DeviceIdentity> device) {
        ControlBlockNames.validate(name);
        Libc.shmUnlink(name); // left behind by a producer that died without cleaning up
        OwnedFd fd = new OwnedFd(Libc.shmOpen(name, Libc.O_RDWR | Libc.O_CREAT | Libc.O_EXCL | Libc.O_CLOEXEC, 0600));
        try {
            Libc.fchmod(fd.fd(), readableByOthers ? 0644 : 0600);
            Libc.ftruncate(fd.fd(), ControlBlockLayout.TOTAL_SIZE);
            MemoryMapping mapping = MemoryMapping.readWrite(fd.fd(), ControlBlockLayout.TOTAL_SIZE);
            ControlBlockLayout.initialize(mapping.segment(), bufferCount, meta);
            device.ifPresent(d -> ControlBlockLayout.storeDeviceIdentity(mapping.segment(), d.deviceUuid(), d.driverUuid()));
            return new ControlBlock(name, fd, mapping);
        } catch (RuntimeException e) {
            fd.close();
            Libc.shmUnlink(name);
            throw e;
        }
    }

    /** The shared-memory object's name, as sent in the handshake. */
    public String name() {
        return name;
    }

    /** The mapped bytes; use {@link ControlBlockLayout} to read and write them. */
    public MemorySegment segment() {
        return mapping.segment();
    }

    /** Unmaps, closes and unlinks the object. Consumers that still hold it open keep their copy. */
    @Override
    public void close() {
        mapping.close();
        fd.close();
        Libc.shmUnlink(name);
    }
}
