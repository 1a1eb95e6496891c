package io.texlink.image;

import io.texlink.FrameDescriptor;
import io.texlink.FrameType;
import io.texlink.PixelFormat;
import io.texlink.TexlinkUnsupportedException;
import io.texlink.pattern.TestPattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.awt.image.BufferedImage;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Frames to pictures, in every pixel format: the test card's colour bars come out as the bars' colours. */
class FrameImagesTest {
    private static final int[] BARS = { 0xBFBFBF, 0xBFBF00, 0x00BFBF, 0x00BF00, 0xBF00BF, 0xBF0000, 0x0000BF };

    @ParameterizedTest
    @EnumSource(value = PixelFormat.class, names = "UNKNOWN", mode = EnumSource.Mode.EXCLUDE)
    void everyFormatShowsTheCardsColours(PixelFormat format) {
        FrameDescriptor shape = FrameDescriptor.texture2d(320, 180, format);
        assertThat(FrameImages.canConvert(shape)).isTrue();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment frame = arena.allocate(shape.size());
            TestPattern.card(shape).fill(frame, 8);
            BufferedImage image = FrameImages.toImage(frame, shape, Integer.MAX_VALUE);
            for (int i = 0; i < BARS.length; i++) {
                int expected = format == PixelFormat.R8 ? luma(BARS[i]) : BARS[i];
                assertThat(image.getRGB(320 * (2 * i + 1) / 14, 5) & 0xFFFFFF).as("bar %d", i)
                        .satisfies(rgb -> assertThat(distance(rgb, expected)).isLessThanOrEqualTo(4));
            }
            BufferedImage half = FrameImages.toImage(frame, shape, 160);
            assertThat(half.getWidth()).isEqualTo(160);
            assertThat(half.getHeight()).isEqualTo(90);
        }
    }

    @Test
    void buffersAreNoPictures() {
        FrameDescriptor buffer = FrameDescriptor.buffer(FrameType.RAW, 4096);
        assertThat(FrameImages.canConvert(buffer)).isFalse();
        assertThatThrownBy(() -> FrameImages.toImage(MemorySegment.ofArray(new byte[4096]), buffer, 64))
                .isInstanceOf(TexlinkUnsupportedException.class);
    }

    private static int luma(int rgb) {
        int y = (77 * (rgb >>> 16 & 0xFF) + 150 * (rgb >>> 8 & 0xFF) + 29 * (rgb & 0xFF) + 128) >> 8;
        return y << 16 | y << 8 | y;
    }

    /** The largest difference of one channel. */
    private static int distance(int a, int b) {
        int most = 0;
        for (int shift = 0; shift < 24; shift += 8) {
            most = Math.max(most, Math.abs((a >>> shift & 0xFF) - (b >>> shift & 0xFF)));
        }
        return most;
    }
}
