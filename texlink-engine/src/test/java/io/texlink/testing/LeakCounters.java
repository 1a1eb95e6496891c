package io.texlink.testing;

import io.texlink.wire.ControlBlockNames;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** What a leak would leave behind, counted from /proc and /dev/shm (per session: other suites may run beside). */
public final class LeakCounters {
    private LeakCounters() {
    }

    /** Open descriptors of this process. */
    public static long openFds() {
        return count(Path.of("/proc/self/fd"));
    }

    /**
     * Open descriptors once they settle at {@code expected} (or after {@code timeout}): a server
     * that is still running closes a departed consumer's socket on that consumer's reader thread,
     * a moment after the consumer left its list.
     */
    public static long openFdsSettlingAt(long expected, java.time.Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long now = openFds();
        while (now != expected && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(10_000_000);
            now = openFds();
        }
        return now;
    }

    /** Where each open descriptor points ("socket:[123]", "/memfd:texlink-frame-0 (deleted)", ...), for failure messages. */
    public static String describeFds() {
        StringBuilder out = new StringBuilder();
        try (Stream<Path> entries = Files.list(Path.of("/proc/self/fd"))) {
            entries.forEach(p -> {
                try {
                    out.append(p.getFileName()).append(" -> ").append(Files.readSymbolicLink(p)).append('\n');
                } catch (IOException e) {
                    out.append(p.getFileName()).append(" -> ?\n"); // closed while listing (the listing's own fd)
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Memory mappings of this process whose file is a memfd or a texlink shm object. */
    public static long texlinkMappings() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/maps"))) {
            return lines.filter(l -> l.contains("memfd:texlink") || l.contains("/dev/shm/texlink_")).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the control block of the session at {@code socket} exists in /dev/shm. */
    public static boolean controlBlockExists(Path socket) {
        return Files.exists(Path.of("/dev/shm", ControlBlockNames.forSocket(socket).substring(1)));
    }

    private static long count(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
