package io.texlink.wire;

import io.texlink.TexlinkProtocolException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.foreign.MemorySegment;

import static io.texlink.wire.WireSamples.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReleaseRecordTest {

    @Test
    void sizeAndBytesMatchTheWireSpec() {
        assertThat(ReleaseRecord.SIZE).isEqualTo(4);
        MemorySegment seg = bytes(4);
        ReleaseRecord.write(seg, 2);
        assertThat(WireSamples.toArray(seg)).containsExactly(2, 0, 0, 0);
    }

    @Test
    void roundTripsEveryIndex() {
        MemorySegment seg = bytes(4);
        for (int i = 0; i < 3; i++) {
            ReleaseRecord.write(seg, i);
            assertThat(ReleaseRecord.validatedBufferIndex(seg, 3)).isEqualTo(i);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, -1, Integer.MAX_VALUE})
    void refusesIndicesOutsideADoubleBufferedSession(int index) {
        MemorySegment seg = bytes(4);
        ReleaseRecord.write(seg, index);
        assertThatThrownBy(() -> ReleaseRecord.validatedBufferIndex(seg, 2))
                .isInstanceOf(TexlinkProtocolException.class)
                .hasMessage("release buffer index " + Integer.toUnsignedString(index)
                        + " is outside 0..1 for a session of 2 buffers");
    }

    @Test
    void refusesShortSegments() {
        assertThatThrownBy(() -> ReleaseRecord.validatedBufferIndex(bytes(3), 3))
                .isInstanceOf(TexlinkProtocolException.class).hasMessageContaining("release needs 4 bytes but only 3");
        assertThatThrownBy(() -> ReleaseRecord.write(bytes(3), 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
