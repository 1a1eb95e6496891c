package io.texlink.wire;

import io.texlink.Buffering;
import io.texlink.FrameMeta;
import io.texlink.HandleType;
import io.texlink.TexlinkProtocolException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static io.texlink.wire.WireSamples.U32;
import static io.texlink.wire.WireSamples.bytes;
import static io.texlink.wire.WireSamples.hex;
import static io.texlink.wire.WireSamples.slice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HandshakeRecordTest {

    @Test
    void sizeAndOffsetsMatchTheWireSpec() {
        assertThat(HandshakeRecord.SIZE).isEqualTo(152);
        assertThat(HandshakeRecord.META).isEqualTo(16);
        assertThat(HandshakeRecord.CONTROL_BLOCK_NAME).isEqualTo(88);
        assertThat(HandshakeRecord.PROTOCOL_VERSION).isEqualTo(3);
    }

    @Test
    void roundTrips() {
        MemorySegment seg = bytes(HandshakeRecord.SIZE);
        HandshakeRecord.write(seg, WireSamples.handshake());
        assertThat(HandshakeRecord.read(seg)).isEqualTo(WireSamples.handshake());
    }

    @Test
    void roundTripsEveryBuffering() {
        for (Buffering buffering : Buffering.values()) {
            Handshake h = new Handshake(buffering.bufferCount(), buffering, WireSamples.bufferMeta(), "/texlink_x");
            MemorySegment seg = bytes(HandshakeRecord.SIZE);
            HandshakeRecord.write(seg, h);
            assertThat(HandshakeRecord.read(seg)).isEqualTo(h);
        }
    }

    @Test
    void writesTheSpecifiedBytes() {
        MemorySegment seg = bytes(HandshakeRecord.SIZE);
        seg.fill((byte) 0x5a); // every byte must be written, padding and name tail included
        HandshakeRecord.write(seg, WireSamples.handshake());

        byte[] expected = new byte[152];
        byte[] head = hex("""
                03 00 00 00  02 00 00 00  02 00 00 00  00 00 00 00
                04 00 00 00  03 00 00 00  00 00 00 00  80 07 00 00
                38 04 00 00  01 00 00 00  00 1e 00 00  41 42 32 34
                00 00 00 00 00 00 00 00   00 90 7e 00 00 00 00 00
                08 07 06 05 04 03 02 01   00 00 00 00  00 00 00 00
                09 00 00 00 00 00 00 00""");
        System.arraycopy(head, 0, expected, 0, head.length);
        byte[] name = "/texlink_cam".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(name, 0, expected, 88, name.length);

        assertThat(head).hasSize(88);
        assertThat(slice(seg, 0, 4)).containsExactly(3, 0, 0, 0);
        assertThat(slice(seg, 88, 12)).containsExactly(name);
        assertThat(WireSamples.toArray(seg)).containsExactly(expected);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 4, 7, -1})
    void refusesOtherVersions(int version) {
        MemorySegment seg = valid();
        seg.set(U32, HandshakeRecord.VERSION, version);
        assertThatThrownBy(() -> HandshakeRecord.read(seg))
                .isInstanceOf(TexlinkProtocolException.class)
                .hasMessage("handshake version " + Integer.toUnsignedString(version)
                        + " is not supported: this peer speaks v3");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 4, -1})
    void refusesBufferCountsOutside1To3(int count) {
        MemorySegment seg = valid();
        seg.set(U32, HandshakeRecord.BUFFER_COUNT, count);
        assertThatThrownBy(() -> HandshakeRecord.read(seg))
                .isInstanceOf(TexlinkProtocolException.class)
                .hasMessageContaining("buffer count " + Integer.toUnsignedString(count));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 4, Integer.MIN_VALUE})
    void refusesBufferingOutside1To3(int buffering) {
        MemorySegment seg = valid();
        seg.set(U32, HandshakeRecord.BUFFERING, buffering);
        assertThatThrownBy(() -> HandshakeRecord.read(seg))
                .isInstanceOf(TexlinkProtocolException.class)
                .hasMessageContaining("buffering " + Integer.toUnsignedString(buffering));
    }

    @Test
    void takesAnUnknownHandleTypeAsDmaBuf() {
        FrameMeta unknown = new FrameMeta(WireSamples.textureMeta().backend(), HandleType.UNKNOWN,
                WireSamples.textureMeta().descriptor(), 5, HandleType.UNKNOWN, 0);
        MemorySegment seg = bytes(HandshakeRecord.SIZE);
        HandshakeRecord.write(seg, new Handshake(1, Buffering.SINGLE, unknown, "/texlink_cam"));

        FrameMeta read = HandshakeRecord.read(seg).meta();

        assertThat(read.handleType()).isEqualTo(HandleType.DMA_BUF_FD);
        assertThat(read.syncHandleType()).isEqualTo(HandleType.UNKNOWN);
        assertThat(read.descriptor()).isEqualTo(unknown.descriptor());
        assertThat(MetaRecord.read(seg, HandshakeRecord.META).handleType()).isEqualTo(HandleType.UNKNOWN);
    }

    @Test
    void keepsAKnownHandleType() {
        assertThat(HandshakeRecord.read(valid()).meta().handleType()).isEqualTo(HandleType.OPAQUE_FD);
    }

    @Test
    void refusesAnInvalidMeta() {
        MemorySegment seg = valid();
        seg.set(U32, HandshakeRecord.META + MetaRecord.BACKEND, 99);
        assertThatThrownBy(() -> HandshakeRecord.read(seg))
                .isInstanceOf(TexlinkProtocolException.class).hasMessageContaining("backend code 99");
    }

    @Test
    void refusesANameWithoutNul() {
        MemorySegment seg = valid();
        seg.asSlice(HandshakeRecord.CONTROL_BLOCK_NAME, 64).fill((byte) 'a');
        seg.set(ValueLayout.JAVA_BYTE, HandshakeRecord.CONTROL_BLOCK_NAME, (byte) '/');
        assertThatThrownBy(() -> HandshakeRecord.read(seg))
                .isInstanceOf(TexlinkProtocolException.class)
                .hasMessageContaining("no NUL terminator within its 64 bytes");
    }

    @Test
    void acceptsA63ByteNameAndIgnoresBytesAfterTheNul() {
        String name = "/" + "n".repeat(62);
        MemorySegment seg = valid();
        writeRawName(seg, (name + "\0").getBytes(StandardCharsets.US_ASCII));
        assertThat(HandshakeRecord.read(seg).controlBlockName()).isEqualTo(name);

        MemorySegment withJunk = valid();
        byte[] raw = new byte[64];
        Arrays.fill(raw, (byte) 0xff);
        System.arraycopy("/texlink_cam\0".getBytes(StandardCharsets.US_ASCII), 0, raw, 0, 13);
        writeRawName(withJunk, raw);
        assertThat(HandshakeRecord.read(withJunk).controlBlockName()).isEqualTo("/texlink_cam");
    }

    @ParameterizedTest
    @ValueSource(strings = {"texlink_x", "/a/b", "/", "/.", "/..", "", "/texlink cam", "/tab\tname", "/caf\u00e9"})
    void refusesBadNamesOnRead(String name) {
        MemorySegment seg = valid();
        // Latin-1 so that \u00e9 arrives as the single non-ASCII byte 0xe9.
        writeRawName(seg, (name + "\0").getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> HandshakeRecord.read(seg))
                .isInstanceOf(TexlinkProtocolException.class)
                .hasMessageContaining("control-block name")
                .hasCauseInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesUtf8NonAsciiNamesOnRead() {
        MemorySegment seg = valid();
        writeRawName(seg, "/caf\u00e9\0".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> HandshakeRecord.read(seg))
                .isInstanceOf(TexlinkProtocolException.class).hasMessageContaining("0xc3");
    }

    @ParameterizedTest
    @ValueSource(strings = {"texlink_x", "/a/b", "/", "/..", "/caf\u00e9", "/nul\0x"})
    void refusesBadNamesOnWrite(String name) {
        Handshake h = new Handshake(2, Buffering.DOUBLE, WireSamples.textureMeta(), name);
        assertThatThrownBy(() -> HandshakeRecord.write(bytes(HandshakeRecord.SIZE), h))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesA64ByteNameOnWrite() {
        Handshake h = new Handshake(2, Buffering.DOUBLE, WireSamples.textureMeta(), "/" + "n".repeat(63));
        assertThatThrownBy(() -> HandshakeRecord.write(bytes(HandshakeRecord.SIZE), h))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("64 characters");
    }

    @Test
    void refusesShortSegments() {
        MemorySegment full = valid();
        assertThatThrownBy(() -> HandshakeRecord.read(full.asSlice(0, 151)))
                .isInstanceOf(TexlinkProtocolException.class).hasMessageContaining("handshake needs 152 bytes but only 151");
        assertThatThrownBy(() -> HandshakeRecord.read(bytes(0)))
                .isInstanceOf(TexlinkProtocolException.class);
        assertThatThrownBy(() -> HandshakeRecord.write(bytes(151), WireSamples.handshake()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void handshakeValueRefusesImpossibleCounts() {
        assertThatThrownBy(() -> new Handshake(0, Buffering.SINGLE, WireSamples.textureMeta(), "/texlink_a"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Handshake(4, Buffering.TRIPLE, WireSamples.textureMeta(), "/texlink_a"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static MemorySegment valid() {
        MemorySegment seg = bytes(HandshakeRecord.SIZE);
        HandshakeRecord.write(seg, WireSamples.handshake());
        return seg;
    }

    private static void writeRawName(MemorySegment seg, byte[] raw) {
        seg.asSlice(HandshakeRecord.CONTROL_BLOCK_NAME, HandshakeRecord.CONTROL_BLOCK_NAME_LENGTH).fill((byte) 0);
        MemorySegment.copy(raw, 0, seg, ValueLayout.JAVA_BYTE, HandshakeRecord.CONTROL_BLOCK_NAME, raw.length);
    }
}
