package io.texlink.bench.gpu;

import io.texlink.bench.FrameHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GpuStampTest {

    @ParameterizedTest
    @CsvSource({"1, 0", "2, 1", "1073741823, 2", "1073741824, 1", "123456789012, 2"})
    void aStampNamesItsFrameAndPhase(long frameId, int phase) {
        ByteBuffer words = words(GpuStamp.encode(frameId, phase));

        assertThat(GpuStamp.verify(words, frameId, "test")).isEqualTo(phase);
    }

    @Test
    void everyPhaseOfTheHeaderFits() {
        for (int phase : new int[]{FrameHeader.WARMUP, FrameHeader.MEASURE, FrameHeader.END}) {
            assertThat(GpuStamp.phase(GpuStamp.encode(7, phase))).isEqualTo(phase);
        }
        assertThatThrownBy(() -> GpuStamp.encode(7, 4)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anotherFramesStampMeansTheSyncIsBroken() {
        ByteBuffer words = words(GpuStamp.encode(41, FrameHeader.MEASURE));

        assertThatThrownBy(() -> GpuStamp.verify(words, 42, "CUDA IPC consumer"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("CUDA IPC consumer: frame 42")
                .hasMessageContaining("0x" + Integer.toHexString(GpuStamp.encode(42, FrameHeader.MEASURE)))
                .hasMessageContaining("sync is broken");
    }

    @Test
    void aPartlyWrittenStampIsRefused() {
        ByteBuffer words = words(GpuStamp.encode(42, FrameHeader.MEASURE));
        words.putInt(12, 0);

        assertThatThrownBy(() -> GpuStamp.verify(words, 42, "test")).hasMessageContaining(" 0x0");
    }

    @Test
    void noStampAtAllIsRefused() {
        assertThatThrownBy(() -> GpuStamp.verify(words(0), 1, "test")).isInstanceOf(IllegalStateException.class);
    }

    private static ByteBuffer words(int word) {
        ByteBuffer words = ByteBuffer.allocate(GpuStamp.BYTES).order(ByteOrder.nativeOrder());
        for (int i = 0; i < GpuStamp.WORDS; i++) {
            words.putInt(i * Integer.BYTES, word);
        }
        return words;
    }
}
