package io.texlink.registry;

import io.texlink.posix.Libc;
import io.texlink.posix.NativeCallException;
import io.texlink.posix.OwnedFd;
import io.texlink.transport.SessionAddress;
import io.texlink.wire.RegistryEntry;
import io.texlink.wire.RegistryLayout;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * libtexlink's name registry, {@code /tmp/texlink/.registry}: which session name is served on
 * which socket by which pid. Shared with C processes, so it is locked with {@code flock} (exclusive
 * to change, shared to read) and read with {@code pread}, never mapped: another process may
 * truncate it.
 *
 * <p>An entry is alive when it is active and its producer is: texlink producers hold a
 * {@link SessionLock} beside their socket, which works across PID namespaces (containers); for
 * entries without one (C producers) the pid must exist ({@code kill(pid, 0)} succeeds or fails
 * with EPERM), which pids in another PID namespace defeat.
 */
public final class NameRegistry {
    /** libtexlink's registry file. */
    public static final Path DEFAULT_FILE = SessionAddress.DEFAULT_DIRECTORY.resolve(".registry");

    private final Path file;

    public NameRegistry(Path file) {
        this.file = file;
    }

    public static NameRegistry atDefaultLocation() {
        return new NameRegistry(DEFAULT_FILE);
    }

    public Path file() {
        return file;
    }

    /** One registry entry and whether its process is alive. */
    public record Listing(RegistryEntry entry, boolean alive) {
    }

    /**
     * Records that {@code pid} serves {@code name} on {@code socket}: evicts dead entries and any
     * older entry for the same name, then takes a free slot.
     *
     * @return false when all 64 slots hold live sessions (the session still works by path)
     */
    public boolean announce(String name, Path socket, int pid) {
        return update(table -> {
            int free = -1;
            for (int slot = 0; slot < RegistryLayout.MAX_ENTRIES; slot++) {
                RegistryEntry e = RegistryLayout.readEntry(table, slot);
                if (e.active() && (e.name().equals(name) || !alive(e))) {
                    RegistryLayout.clearEntry(table, slot);
                    e = RegistryLayout.readEntry(table, slot);
                }
                if (!e.active() && free < 0) {
                    free = slot;
                }
            }
            if (free < 0) {
                return false;
            }
            RegistryLayout.writeEntry(table, free, new RegistryEntry(name, socket.toString(), pid, true));
            return true;
        });
    }

    /** Removes {@code name} if {@code pid} announced it. */
    public void withdraw(String name, int pid) {
        update(table -> {
            for (int slot = 0; slot < RegistryLayout.MAX_ENTRIES; slot++) {
                RegistryEntry e = RegistryLayout.readEntry(table, slot);
                if (e.active() && e.pid() == pid && e.name().equals(name)) {
                    RegistryLayout.clearEntry(table, slot);
                }
            }
            return true;
        });
    }

    /** Every active entry, alive or not; empty when there is no registry yet. */
    public List<Listing> list() {
        List<Listing> result = new ArrayList<>();
        read(table -> {
            for (int slot = 0; slot < RegistryLayout.MAX_ENTRIES; slot++) {
                RegistryEntry e = RegistryLayout.readEntry(table, slot);
                if (e.active()) {
                    result.add(new Listing(e, alive(e)));
                }
            }
        });
        return result;
    }

    /** The socket of a live session called {@code name}, if one is registered. */
    public Optional<Path> lookup(String name) {
        return list().stream()
                .filter(l -> l.alive() && l.entry().name().equals(name))
                .map(l -> Path.of(l.entry().socketPath()))
                .findFirst();
    }

    private static boolean alive(RegistryEntry e) {
        return SessionLock.isHeld(Path.of(e.socketPath())).orElseGet(() -> Libc.processExists(e.pid()));
    }

    private interface TableEdit {
        boolean apply(MemorySegment table);
    }

    private interface TableRead {
        void accept(MemorySegment table);
    }

    private boolean update(TableEdit edit) {
        SessionAddress.ensureDirectory(file);
        try (OwnedFd fd = new OwnedFd(Libc.open(file.toString(), Libc.O_RDWR | Libc.O_CREAT | Libc.O_CLOEXEC | Libc.O_NOFOLLOW, 0600));
             Arena arena = Arena.ofConfined()) {
            Libc.flock(fd.fd(), Libc.LOCK_EX);
            MemorySegment table = arena.allocate(RegistryLayout.FILE_SIZE, 8);
            long n = Libc.pread(fd.fd(), table, RegistryLayout.FILE_SIZE, 0);
            if (n < RegistryLayout.FILE_SIZE || !RegistryLayout.hasMagic(table)) {
                RegistryLayout.initialize(table); // new, or not a registry we can read: start it over
            }
            boolean changed = edit.apply(table);
            Libc.pwriteFully(fd.fd(), table, RegistryLayout.FILE_SIZE, 0);
            return changed;
        }
    }

    private void read(TableRead reader) {
        OwnedFd fd;
        try {
            fd = new OwnedFd(Libc.open(file.toString(), Libc.O_RDONLY | Libc.O_CLOEXEC | Libc.O_NOFOLLOW, 0));
        } catch (NativeCallException e) {
            if (e.errno() == NativeCallException.ENOENT) {
                return;
            }
            throw e;
        }
        try (fd; Arena arena = Arena.ofConfined()) {
            Libc.flock(fd.fd(), Libc.LOCK_SH);
            MemorySegment table = arena.allocate(RegistryLayout.FILE_SIZE, 8);
            long n = Libc.pread(fd.fd(), table, RegistryLayout.FILE_SIZE, 0);
            if (n == RegistryLayout.FILE_SIZE && RegistryLayout.hasMagic(table)) {
                reader.accept(table);
            }
        }
    }
}
