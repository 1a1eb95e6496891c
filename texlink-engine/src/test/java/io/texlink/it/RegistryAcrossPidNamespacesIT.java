package io.texlink.it;

import io.texlink.posix.Libc;
import io.texlink.registry.NameRegistry;
import io.texlink.registry.SessionLock;
import io.texlink.testing.SecondJvm;
import io.texlink.testing.Sessions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A producer in another PID namespace (as in a container) registers a pid that means nothing here:
 * it runs as pid 1 there, and pid 1 always exists here. Its session lock still tells the truth.
 * Needs root and util-linux's unshare; skipped elsewhere.
 */
class RegistryAcrossPidNamespacesIT {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void aProducerInAnotherPidNamespaceIsAliveWhileItRunsAndDeadOnceKilled() {
        assumeTrue(Libc.getuid() == 0, "needs root to create a PID namespace (unshare)");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/unshare")), "needs unshare (util-linux)");
        Path socket = Sessions.uniqueSocket(dir);
        String name = socket.getFileName().toString().replace(".sock", "");
        Path registryFile = dir.resolve(".registry");
        NameRegistry registry = new NameRegistry(registryFile);
        try (SecondJvm producer = SecondJvm.launch(List.of("unshare", "--pid", "--fork", "--mount-proc", "--kill-child"),
                List.of(), System.getProperty("java.class.path"), PatternProducerMain.class,
                socket.toString(), "64", "64", "3", "100", registryFile.toString())) {
            assertThat(producer.awaitLineStartingWith("READY", WAIT)).as("pid inside its namespace").isEqualTo("READY 1");
            assertThat(registry.list()).singleElement().satisfies(l -> {
                assertThat(l.entry().pid()).isEqualTo(1);
                assertThat(l.alive()).isTrue();
            });
            assertThat(registry.lookup(name)).contains(socket);
            producer.kill();
        }
        assertThat(Libc.processExists(1)).as("pid 1 exists here, so kill(pid, 0) alone would call it alive").isTrue();
        // The JVM dies a moment after unshare, from its parent-death signal; the kernel then drops its lock.
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (SessionLock.isHeld(socket).orElse(false) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(10_000_000);
        }
        assertThat(SessionLock.isHeld(socket)).contains(false);
        assertThat(registry.list()).singleElement().satisfies(l -> assertThat(l.alive()).isFalse());
        assertThat(registry.lookup(name)).isEmpty();
    }
}
