package io.texlink.wire;

import io.texlink.TexlinkProtocolException;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static io.texlink.wire.WireSamples.U32;
import static io.texlink.wire.WireSamples.bytes;
import static io.texlink.wire.WireSamples.hex;
import static io.texlink.wire.WireSamples.slice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegistryLayoutTest {

    @Test
    void sizesMatchTheWireSpec() {
        assertThat(RegistryLayout.FILE_SIZE).isEqualTo(11_528);
        assertThat(RegistryLayout.ENTRY_SIZE).isEqualTo(180);
        assertThat(RegistryLayout.MAX_ENTRIES).isEqualTo(64);
        assertThat(RegistryLayout.entryOffset(0)).isEqualTo(8);
        assertThat(RegistryLayout.entryOffset(63)).isEqualTo(8 + 63 * 180);
        assertThatThrownBy(() -> RegistryLayout.entryOffset(64)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RegistryLayout.entryOffset(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void initializeZeroesAndWritesTheMagic() {
        MemorySegment file = bytes(RegistryLayout.FILE_SIZE);
        file.fill((byte) 1);
        assertThat(RegistryLayout.hasMagic(file)).isFalse();
        RegistryLayout.initialize(file);
        assertThat(RegistryLayout.hasMagic(file)).isTrue();
        assertThat(slice(file, 0, 4)).containsExactly(hex("4b 4e 4c 54"));
        assertThat(slice(file, 4, RegistryLayout.FILE_SIZE - 4)).containsOnly(0);
        assertThat(RegistryLayout.readEntry(file, 5)).isEqualTo(new RegistryEntry("", "", 0, false));
    }

    @Test
    void hasMagicIsFalseForAShortFile() {
        MemorySegment file = bytes(RegistryLayout.FILE_SIZE);
        RegistryLayout.initialize(file);
        assertThat(RegistryLayout.hasMagic(file.asSlice(0, RegistryLayout.FILE_SIZE - 1))).isFalse();
        assertThat(RegistryLayout.hasMagic(bytes(0))).isFalse();
        assertThatThrownBy(() -> RegistryLayout.initialize(bytes(100))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void writesAndReadsAll64Entries() {
        MemorySegment file = bytes(RegistryLayout.FILE_SIZE);
        RegistryLayout.initialize(file);
        for (int slot = 0; slot < RegistryLayout.MAX_ENTRIES; slot++) {
            RegistryLayout.writeEntry(file, slot, entry(slot));
        }
        for (int slot = 0; slot < RegistryLayout.MAX_ENTRIES; slot++) {
            assertThat(RegistryLayout.readEntry(file, slot)).isEqualTo(entry(slot));
        }
        assertThat(RegistryLayout.hasMagic(file)).isTrue();
    }

    @Test
    void writesTheSpecifiedBytes() {
        MemorySegment file = bytes(RegistryLayout.FILE_SIZE);
        RegistryLayout.initialize(file);
        RegistryLayout.writeEntry(file, 1, new RegistryEntry("cam", "/tmp/texlink/cam.sock", 0x01020304, true));
        long base = 8 + 180;
        assertThat(slice(file, base, 4)).containsExactly('c', 'a', 'm', 0);
        assertThat(slice(file, base + 64, 22)).containsExactly("/tmp/texlink/cam.sock\0".getBytes());
        assertThat(slice(file, base + 172, 8)).containsExactly(hex("04 03 02 01 01 00 00 00"));
    }

    @Test
    void clearsAnEntry() {
        MemorySegment file = bytes(RegistryLayout.FILE_SIZE);
        RegistryLayout.initialize(file);
        RegistryLayout.writeEntry(file, 3, entry(3));
        RegistryLayout.writeEntry(file, 4, entry(4));
        RegistryLayout.clearEntry(file, 3);
        assertThat(RegistryLayout.readEntry(file, 3)).isEqualTo(new RegistryEntry("", "", 0, false));
        assertThat(slice(file, RegistryLayout.entryOffset(3), 180)).containsOnly(0);
        assertThat(RegistryLayout.readEntry(file, 4)).isEqualTo(entry(4));
    }

    @Test
    void readsFieldsWithoutNulLeniently() {
        MemorySegment file = bytes(RegistryLayout.FILE_SIZE);
        RegistryLayout.initialize(file);
        long base = RegistryLayout.entryOffset(7);
        file.asSlice(base, 64).fill((byte) 'n');
        file.asSlice(base + 64, 108).fill((byte) 'p');
        file.set(U32, base + 172, -5);
        file.set(U32, base + 176, 7);

        RegistryEntry read = RegistryLayout.readEntry(file, 7);

        assertThat(read.name()).isEqualTo("n".repeat(64));
        assertThat(read.socketPath()).isEqualTo("p".repeat(108));
        assertThat(read.pid()).isEqualTo(-5);
        assertThat(read.active()).isTrue();
    }

    @Test
    void decodesUtf8AndReplacesMalformedBytes() {
        MemorySegment file = bytes(RegistryLayout.FILE_SIZE);
        RegistryLayout.initialize(file);
        RegistryLayout.writeEntry(file, 0, new RegistryEntry("caf\u00e9", "/tmp/t\u00fc.sock", 1, true));
        assertThat(RegistryLayout.readEntry(file, 0).name()).isEqualTo("caf\u00e9");
        assertThat(RegistryLayout.readEntry(file, 0).socketPath()).isEqualTo("/tmp/t\u00fc.sock");

        file.set(ValueLayout.JAVA_BYTE, RegistryLayout.entryOffset(0), (byte) 0xff);
        assertThat(RegistryLayout.readEntry(file, 0).name()).isEqualTo("\ufffdaf\u00e9");
    }

    @Test
    void refusesTooLongOrNulHoldingFields() {
        MemorySegment file = bytes(RegistryLayout.FILE_SIZE);
        RegistryLayout.initialize(file);
        RegistryLayout.writeEntry(file, 0, new RegistryEntry("n".repeat(63), "p".repeat(107), 1, true));
        assertThat(RegistryLayout.readEntry(file, 0).name()).hasSize(63);
        assertThat(RegistryLayout.readEntry(file, 0).socketPath()).hasSize(107);

        RegistryLayout.writeEntry(file, 1, entry(1));
        assertRefused(file, new RegistryEntry("n".repeat(64), "/p", 1, true), "64 bytes in UTF-8; at most 63");
        assertRefused(file, new RegistryEntry("\u00e9".repeat(32), "/p", 1, true), "64 bytes");
        assertRefused(file, new RegistryEntry("n", "p".repeat(108), 1, true), "at most 107");
        assertRefused(file, new RegistryEntry("a\0b", "/p", 1, true), "NUL");
        assertRefused(file, new RegistryEntry("n", "/p\0", 1, true), "NUL");
        assertThat(RegistryLayout.readEntry(file, 1)).isEqualTo(entry(1));
    }

    @Test
    void refusesShortFilesOnRead() {
        assertThatThrownBy(() -> RegistryLayout.readEntry(bytes(RegistryLayout.FILE_SIZE - 1), 63))
                .isInstanceOf(TexlinkProtocolException.class).hasMessageContaining("slot 63");
        assertThat(RegistryLayout.readEntry(bytes(8 + 180), 0)).isEqualTo(new RegistryEntry("", "", 0, false));
        assertThatThrownBy(() -> RegistryLayout.writeEntry(bytes(100), 0, entry(0)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RegistryLayout.clearEntry(bytes(100), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static RegistryEntry entry(int slot) {
        return new RegistryEntry("session-" + slot, "/tmp/texlink/session-" + slot + ".sock", 1000 + slot, slot % 2 == 0);
    }

    private static void assertRefused(MemorySegment file, RegistryEntry entry, String messagePart) {
        assertThatThrownBy(() -> RegistryLayout.writeEntry(file, 1, entry))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(messagePart);
    }
}
