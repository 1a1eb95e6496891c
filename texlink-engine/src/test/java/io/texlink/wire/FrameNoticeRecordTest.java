package io.texlink.wire;

import io.texlink.TexlinkProtocolException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.foreign.MemorySegment;

import static io.texlink.wire.WireSamples.U32;
import static io.texlink.wire.WireSamples.bytes;
import static io.texlink.wire.WireSamples.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FrameNoticeRecordTest {

    @Test
    void sizeMatchesTheWireSpec() {
        assertThat(FrameNoticeRecord.SIZE).isEqualTo(24);
    }

    @Test
    void writesTheSpecifiedBytes() {
        MemorySegment seg = bytes(FrameNoticeRecord.SIZE);
        seg.fill((byte) 0x5a);
        FrameNoticeRecord.write(seg, 0x1122334455667788L, 2, true, 42);
        assertThat(WireSamples.toArray(seg)).containsExactly(hex("""
                88 77 66 55 44 33 22 11  02 00 00 00  01 00 00 00
                2a 00 00 00 00 00 00 00"""));
    }

    @Test
    void roundTrips() {
        MemorySegment seg = bytes(FrameNoticeRecord.SIZE);
        FrameNoticeRecord.write(seg, -2L, 1, false, Long.MAX_VALUE);
        assertThat(FrameNoticeRecord.frameId(seg)).isEqualTo(-2L);
        assertThat(FrameNoticeRecord.bufferIndex(seg)).isEqualTo(1);
        assertThat(FrameNoticeRecord.validatedBufferIndex(seg, 2)).isEqualTo(1);
        assertThat(FrameNoticeRecord.hasSyncFd(seg)).isFalse();
        assertThat(FrameNoticeRecord.syncValue(seg)).isEqualTo(Long.MAX_VALUE);

        FrameNoticeRecord.write(seg, 1, 0, true, 0);
        assertThat(FrameNoticeRecord.hasSyncFd(seg)).isTrue();
        assertThat(FrameNoticeRecord.validatedBufferIndex(seg, 1)).isZero();
    }

    @ParameterizedTest
    @ValueSource(ints = {2, -1, 0x100})
    void refusesHasSyncFdOtherThan0Or1(int flag) {
        MemorySegment seg = bytes(FrameNoticeRecord.SIZE);
        FrameNoticeRecord.write(seg, 1, 0, false, 0);
        seg.set(U32, FrameNoticeRecord.HAS_SYNC_FD, flag);
        assertThatThrownBy(() -> FrameNoticeRecord.hasSyncFd(seg))
                .isInstanceOf(TexlinkProtocolException.class)
                .hasMessageContaining("has-sync-fd " + Integer.toUnsignedString(flag));
    }

    @Test
    void refusesIndicesAtOrAboveTheBufferCount() {
        MemorySegment seg = bytes(FrameNoticeRecord.SIZE);
        for (int count = 1; count <= 3; count++) {
            FrameNoticeRecord.write(seg, 1, count, false, 0);
            int c = count;
            assertThatThrownBy(() -> FrameNoticeRecord.validatedBufferIndex(seg, c))
                    .isInstanceOf(TexlinkProtocolException.class)
                    .hasMessageContaining("buffer index " + count + " is outside 0.." + (count - 1));
        }
        FrameNoticeRecord.write(seg, 1, 0xFFFFFFFF, false, 0);
        assertThatThrownBy(() -> FrameNoticeRecord.validatedBufferIndex(seg, 3))
                .isInstanceOf(TexlinkProtocolException.class).hasMessageContaining("4294967295");
        FrameNoticeRecord.write(seg, 1, Integer.MIN_VALUE, false, 0);
        assertThatThrownBy(() -> FrameNoticeRecord.validatedBufferIndex(seg, 3))
                .isInstanceOf(TexlinkProtocolException.class).hasMessageContaining("2147483648");
    }

    @Test
    void refusesShortSegmentsOnEveryAccessor() {
        MemorySegment seg = bytes(FrameNoticeRecord.SIZE - 1);
        assertThatThrownBy(() -> FrameNoticeRecord.frameId(seg)).isInstanceOf(TexlinkProtocolException.class);
        assertThatThrownBy(() -> FrameNoticeRecord.bufferIndex(seg)).isInstanceOf(TexlinkProtocolException.class);
        assertThatThrownBy(() -> FrameNoticeRecord.validatedBufferIndex(seg, 3)).isInstanceOf(TexlinkProtocolException.class);
        assertThatThrownBy(() -> FrameNoticeRecord.hasSyncFd(seg)).isInstanceOf(TexlinkProtocolException.class);
        assertThatThrownBy(() -> FrameNoticeRecord.syncValue(seg))
                .isInstanceOf(TexlinkProtocolException.class).hasMessageContaining("frame notification needs 24 bytes");
        assertThatThrownBy(() -> FrameNoticeRecord.write(seg, 1, 0, false, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
