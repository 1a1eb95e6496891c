package io.texlink.wire;

import io.texlink.Backend;
import io.texlink.FrameDescriptor;
import io.texlink.FrameMeta;
import io.texlink.FrameType;
import io.texlink.HandleType;
import io.texlink.PixelFormat;
import io.texlink.TexlinkProtocolException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.foreign.MemorySegment;

import static io.texlink.wire.WireSamples.U32;
import static io.texlink.wire.WireSamples.U64;
import static io.texlink.wire.WireSamples.bytes;
import static io.texlink.wire.WireSamples.hex;
import static io.texlink.wire.WireSamples.slice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MetaRecordTest {

    @Test
    void sizeAndOffsetsMatchTheWireSpec() {
        assertThat(MetaRecord.SIZE).isEqualTo(72);
        assertThat(MetaRecord.MODIFIER).isEqualTo(32);
        assertThat(MetaRecord.BUFFER_SIZE).isEqualTo(40);
        assertThat(MetaRecord.FRAME_ID).isEqualTo(48);
        assertThat(MetaRecord.SYNC_HANDLE_TYPE).isEqualTo(56);
        assertThat(MetaRecord.SYNC_VALUE).isEqualTo(64);
    }

    @Test
    void roundTripsATexture() {
        MemorySegment seg = bytes(MetaRecord.SIZE);
        MetaRecord.write(seg, 0, WireSamples.textureMeta());
        assertThat(MetaRecord.read(seg, 0)).isEqualTo(WireSamples.textureMeta());
    }

    @Test
    void roundTripsABufferAndEveryTextureKind() {
        FrameMeta[] metas = {
                WireSamples.bufferMeta(),
                new FrameMeta(Backend.EGL, HandleType.DMA_BUF_FD, FrameDescriptor.texture3d(64, 32, 16, PixelFormat.R8),
                        1, HandleType.UNKNOWN, 0),
                new FrameMeta(Backend.CPU, HandleType.OPAQUE_FD, FrameDescriptor.textureCube(256, PixelFormat.XRGB8888),
                        -1L, HandleType.OPAQUE_FD, Long.MIN_VALUE),
        };
        for (FrameMeta meta : metas) {
            MemorySegment seg = bytes(MetaRecord.SIZE);
            MetaRecord.write(seg, 0, meta);
            assertThat(MetaRecord.read(seg, 0)).isEqualTo(meta);
        }
    }

    @Test
    void roundTripsAtAnUnalignedBase() {
        MemorySegment seg = bytes(5 + MetaRecord.SIZE);
        MetaRecord.write(seg, 5, WireSamples.bufferMeta());
        assertThat(MetaRecord.read(seg, 5)).isEqualTo(WireSamples.bufferMeta());
    }

    @Test
    void writesTheSpecifiedBytes() {
        MemorySegment seg = bytes(MetaRecord.SIZE);
        MetaRecord.write(seg, 0, WireSamples.bufferMeta());
        assertThat(slice(seg, 0, 72)).containsExactly(hex("""
                05 00 00 00  01 00 00 00  05 00 00 00  00 00 00 00
                00 00 00 00  00 00 00 00  00 00 00 00  00 00 00 00
                00 00 00 00 00 00 00 00   00 10 00 00 00 00 00 00
                4d 00 00 00 00 00 00 00   02 00 00 00  00 00 00 00
                ff ff ff ff ff ff ff ff"""));
    }

    @Test
    void ignoresTheReservedField() {
        MemorySegment seg = validTexture();
        seg.set(U32, MetaRecord.RESERVED, 0xdeadbeef);
        assertThat(MetaRecord.read(seg, 0)).isEqualTo(WireSamples.textureMeta());
    }

    @Test
    void writesZeroIntoTheReservedField() {
        MemorySegment seg = bytes(MetaRecord.SIZE);
        seg.set(U32, MetaRecord.RESERVED, -1);
        MetaRecord.write(seg, 0, WireSamples.textureMeta());
        assertThat(seg.get(U32, MetaRecord.RESERVED)).isZero();
    }

    @Test
    void refusesUnknownEnumCodes() {
        assertRefused(MetaRecord.BACKEND, 8, "backend code 8");
        assertRefused(MetaRecord.HANDLE_TYPE, 8, "handle type");
        assertRefused(MetaRecord.FRAME_TYPE, 6, "frame type code 6");
        assertRefused(MetaRecord.FORMAT, 0x12345678, "fourcc 0x12345678");
        assertRefused(MetaRecord.SYNC_HANDLE_TYPE, -1, "sync handle type");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, FrameDescriptor.MAX_DIMENSION + 1})
    void refusesWidthOutOfRange(int width) {
        assertRefused(MetaRecord.WIDTH, width, "1.." + FrameDescriptor.MAX_DIMENSION);
    }

    @Test
    void refusesHeightOutOfRange() {
        assertRefused(MetaRecord.HEIGHT, 0, "texture 1920x0");
    }

    @Test
    void refusesU32DimensionsAboveIntMax() {
        assertRefused(MetaRecord.WIDTH, 0xFFFFFFFF, "width 4294967295");
        assertRefused(MetaRecord.HEIGHT, 0x80000000, "height 2147483648");
        assertRefused(MetaRecord.DEPTH, -2, "depth 4294967294");
        assertRefused(MetaRecord.STRIDE, -1, "stride 4294967295");
    }

    @Test
    void refusesDepthOnA2dTexture() {
        assertRefused(MetaRecord.DEPTH, 2, "depth 2");
    }

    @Test
    void refusesAStrideBelowOneRow() {
        assertRefused(MetaRecord.STRIDE, 1920 * 4 - 1, "stride 7679 is below one row");
    }

    @Test
    void refusesASizeBelowStrideTimesRows() {
        assertRefusedSize(1920L * 4 * 1080 - 1, "below stride");
    }

    @Test
    void refusesSizesOutOfRange() {
        assertRefusedSize(0, "buffer size 0 bytes");
        assertRefusedSize(FrameDescriptor.MAX_SIZE + 1, "buffer size " + (FrameDescriptor.MAX_SIZE + 1));
        assertRefusedSize(-1L, "buffer size 18446744073709551615");
        assertRefusedSize(Long.MIN_VALUE, "buffer size 9223372036854775808");
    }

    @Test
    void acceptsTheLargestSize() {
        MemorySegment seg = bytes(MetaRecord.SIZE);
        MetaRecord.write(seg, 0, WireSamples.bufferMeta());
        seg.set(U64, MetaRecord.BUFFER_SIZE, FrameDescriptor.MAX_SIZE);
        assertThat(MetaRecord.read(seg, 0).descriptor().size()).isEqualTo(FrameDescriptor.MAX_SIZE);
    }

    @Test
    void refusesShortSegments() {
        assertThatThrownBy(() -> MetaRecord.read(bytes(71), 0))
                .isInstanceOf(TexlinkProtocolException.class).hasMessageContaining("needs 72 bytes but only 71");
        assertThatThrownBy(() -> MetaRecord.read(bytes(80), 9))
                .isInstanceOf(TexlinkProtocolException.class).hasMessageContaining("only 71");
        assertThatThrownBy(() -> MetaRecord.read(bytes(10), 20))
                .isInstanceOf(TexlinkProtocolException.class).hasMessageContaining("only 0");
        assertThatThrownBy(() -> MetaRecord.read(MemorySegment.NULL, 0))
                .isInstanceOf(TexlinkProtocolException.class);
    }

    @Test
    void refusesWritingIntoAShortSegment() {
        assertThatThrownBy(() -> MetaRecord.write(bytes(71), 0, WireSamples.textureMeta()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keepsTheCauseOfADescriptorRefusal() {
        MemorySegment seg = validTexture();
        seg.set(U32, MetaRecord.WIDTH, 0);
        assertThatThrownBy(() -> MetaRecord.read(seg, 0))
                .isInstanceOf(TexlinkProtocolException.class)
                .hasCauseInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("invalid " + FrameType.TEXTURE_2D);
    }

    private static MemorySegment validTexture() {
        MemorySegment seg = bytes(MetaRecord.SIZE);
        MetaRecord.write(seg, 0, WireSamples.textureMeta());
        return seg;
    }

    private static void assertRefused(int offset, int value, String messagePart) {
        MemorySegment seg = validTexture();
        seg.set(U32, offset, value);
        assertThatThrownBy(() -> MetaRecord.read(seg, 0))
                .isInstanceOf(TexlinkProtocolException.class).hasMessageContaining(messagePart);
    }

    private static void assertRefusedSize(long size, String messagePart) {
        MemorySegment seg = validTexture();
        seg.set(U64, MetaRecord.BUFFER_SIZE, size);
        assertThatThrownBy(() -> MetaRecord.read(seg, 0))
                .isInstanceOf(TexlinkProtocolException.class).hasMessageContaining(messagePart);
    }
}
