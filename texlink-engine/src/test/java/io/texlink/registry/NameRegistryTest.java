package io.texlink.registry;

import io.texlink.wire.RegistryLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class NameRegistryTest {
    private static final int SELF = (int) ProcessHandle.current().pid();
    private static final int DEAD = deadPid();

    @TempDir
    Path dir;

    @Test
    void announceListLookupWithdraw() {
        NameRegistry registry = new NameRegistry(dir.resolve(".registry"));
        assertThat(registry.list()).isEmpty();
        assertThat(registry.announce("cam", Path.of("/tmp/x/cam.sock"), SELF)).isTrue();
        assertThat(registry.lookup("cam")).contains(Path.of("/tmp/x/cam.sock"));
        assertThat(registry.list()).singleElement().satisfies(l -> {
            assertThat(l.alive()).isTrue();
            assertThat(l.entry().pid()).isEqualTo(SELF);
        });
        registry.withdraw("cam", SELF);
        assertThat(registry.lookup("cam")).isEmpty();
        assertThat(registry.list()).isEmpty();
    }

    @Test
    void theFileHasLibtexlinksLayout() throws IOException {
        Path file = dir.resolve(".registry");
        new NameRegistry(file).announce("cam", Path.of("/tmp/texlink/cam.sock"), SELF);
        byte[] bytes = Files.readAllBytes(file);
        assertThat(bytes).hasSize(11_528);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(b.getInt(0)).isEqualTo(0x544C4E4B);
        assertThat(new String(bytes, 8, 3, StandardCharsets.US_ASCII)).isEqualTo("cam");
        assertThat(bytes[8 + 3]).isZero();
        assertThat(new String(bytes, 8 + 64, 22, StandardCharsets.US_ASCII)).isEqualTo("/tmp/texlink/cam.sock\0");
        assertThat(b.getInt(8 + 172)).isEqualTo(SELF);
        assertThat(b.getInt(8 + 176)).isEqualTo(1);
    }

    @Test
    void deadEntriesAreListedAsDeadAndEvictedByTheNextAnnouncement() {
        NameRegistry registry = new NameRegistry(dir.resolve(".registry"));
        registry.announce("old", Path.of("/tmp/old.sock"), DEAD);
        assertThat(registry.list()).singleElement().satisfies(l -> assertThat(l.alive()).isFalse());
        assertThat(registry.lookup("old")).isEmpty();
        registry.announce("new", Path.of("/tmp/new.sock"), SELF);
        assertThat(registry.list()).extracting(l -> l.entry().name()).containsExactly("new");
    }

    @Test
    void aNameAnnouncedAgainReplacesTheOlderEntry() {
        NameRegistry registry = new NameRegistry(dir.resolve(".registry"));
        registry.announce("cam", Path.of("/tmp/a.sock"), SELF);
        registry.announce("cam", Path.of("/tmp/b.sock"), SELF);
        assertThat(registry.list()).singleElement().satisfies(l -> assertThat(l.entry().socketPath()).isEqualTo("/tmp/b.sock"));
    }

    @Test
    void aFullRegistryRefusesTheSixtyFifthLiveName() {
        NameRegistry registry = new NameRegistry(dir.resolve(".registry"));
        for (int i = 0; i < RegistryLayout.MAX_ENTRIES; i++) {
            assertThat(registry.announce("s" + i, Path.of("/tmp/s" + i + ".sock"), SELF)).isTrue();
        }
        assertThat(registry.announce("one-more", Path.of("/tmp/m.sock"), SELF)).isFalse();
        assertThat(registry.list()).hasSize(RegistryLayout.MAX_ENTRIES);
    }

    @Test
    void aCorruptFileIsStartedOverByTheNextAnnouncement() throws IOException {
        Path file = dir.resolve(".registry");
        Files.write(file, "not a registry".getBytes(StandardCharsets.US_ASCII));
        NameRegistry registry = new NameRegistry(file);
        assertThat(registry.list()).isEmpty();
        assertThat(registry.announce("cam", Path.of("/tmp/cam.sock"), SELF)).isTrue();
        assertThat(registry.lookup("cam")).isPresent();
    }

    /** A pid no process has: one that just exited. */
    private static int deadPid() {
        try {
            Process p = new ProcessBuilder("true").start();
            p.waitFor();
            return (int) p.pid();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
