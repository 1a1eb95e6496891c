package io.texlink.wire;

import io.texlink.FrameMeta;
import io.texlink.TexlinkProtocolException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.texlink.wire.WireSamples.U32;
import static io.texlink.wire.WireSamples.U64;
import static io.texlink.wire.WireSamples.hex;
import static io.texlink.wire.WireSamples.slice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ControlBlockLayoutTest {

    private Arena arena;
    private MemorySegment block;

    @BeforeEach
    void mapBlock() {
        arena = Arena.ofShared();
        block = arena.allocate(ControlBlockLayout.TOTAL_SIZE, 8);
        block.fill((byte) 0x5a); // initialize must zero what it does not write
        ControlBlockLayout.initialize(block, 3, WireSamples.textureMeta());
    }

    @AfterEach
    void unmapBlock() {
        arena.close();
    }

    @Test
    void sizesMatchTheWireSpecAndTheExtension() {
        assertThat(ControlBlockLayout.WIRE_SIZE).isEqualTo(104);
        assertThat(ControlBlockLayout.TOTAL_SIZE).isEqualTo(176);
        assertThat(ControlBlockLayout.DEVICE_UUID).isEqualTo(144);
        assertThat(ControlBlockLayout.DRIVER_UUID).isEqualTo(160);
        assertThat(ControlBlockLayout.META).isEqualTo(32);
        assertThat(ControlBlockLayout.PUBLISHED).isEqualTo(112);
        assertThat(ControlBlockLayout.PUBLISH_NANOS).isEqualTo(120);
    }

    @Test
    void initializeWritesCountMetaAndExtensionHeaderAndZeroesTheRest() {
        assertThat(slice(block, 0, 24)).containsOnly(0);
        assertThat(slice(block, 24, 8)).containsExactly(hex("03 00 00 00 00 00 00 00"));
        assertThat(slice(block, 104, 8)).containsExactly(hex("54 4c 4a 58 01 00 00 00")); // "TLJX", 1
        assertThat(slice(block, 112, 64)).containsOnly(0);
        assertThat(ControlBlockLayout.bufferCount(block)).isEqualTo(3);
        assertThat(ControlBlockLayout.meta(block)).isEqualTo(WireSamples.textureMeta());
        assertThat(ControlBlockLayout.hasExtension(block)).isTrue();
        assertThat(ControlBlockLayout.publishedAcquire(block)).isZero();
    }

    @Test
    void deviceIdentityRoundTripsAtItsOffsets() {
        byte[] device = new byte[16];
        byte[] driver = new byte[16];
        for (int i = 0; i < 16; i++) {
            device[i] = (byte) (i + 1);
            driver[i] = (byte) (0xf0 + i);
        }
        ControlBlockLayout.storeDeviceIdentity(block, device, driver);
        assertThat(slice(block, 144, 16)).containsExactly(device);
        assertThat(slice(block, 160, 16)).containsExactly(driver);
        assertThat(ControlBlockLayout.deviceUuid(block)).containsExactly(device);
        assertThat(ControlBlockLayout.driverUuid(block)).containsExactly(driver);
        assertThatThrownBy(() -> ControlBlockLayout.storeDeviceIdentity(block, new byte[15], driver))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void initializeRefusesSmallUnalignedOrMiscountedBlocks() {
        assertThatThrownBy(() -> ControlBlockLayout.initialize(arena.allocate(104, 8), 2, WireSamples.textureMeta()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("176 bytes");
        MemorySegment unaligned = arena.allocate(192, 8).asSlice(4, 176);
        assertThatThrownBy(() -> ControlBlockLayout.initialize(unaligned, 2, WireSamples.textureMeta()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("aligned to 4");
        assertThatThrownBy(() -> ControlBlockLayout.initialize(block, 0, WireSamples.textureMeta()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ControlBlockLayout.initialize(block, 4, WireSamples.textureMeta()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void incrementsTheFrameId() {
        assertThat(ControlBlockLayout.frameIdVolatile(block)).isZero();
        assertThat(ControlBlockLayout.incrementFrameId(block)).isEqualTo(1);
        assertThat(ControlBlockLayout.incrementFrameId(block)).isEqualTo(2);
        assertThat(ControlBlockLayout.frameIdVolatile(block)).isEqualTo(2);
        assertThat(block.get(U64, ControlBlockLayout.FRAME_ID)).isEqualTo(2);
    }

    @Test
    void storesAndLoadsTheCurrentIndex() {
        ControlBlockLayout.storeCurrentIndexRelease(block, 2);
        assertThat(ControlBlockLayout.currentIndexAcquire(block)).isEqualTo(2);
        assertThat(block.get(U32, ControlBlockLayout.CURRENT_INDEX)).isEqualTo(2);
        assertThatThrownBy(() -> ControlBlockLayout.storeCurrentIndexRelease(block, 3))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void addsAndReturnsReferences() {
        assertThat(ControlBlockLayout.addRefs(block, 1, 2)).isEqualTo(2);
        assertThat(ControlBlockLayout.addRefs(block, 1, -1)).isEqualTo(1);
        assertThat(ControlBlockLayout.refCount(block, 1)).isEqualTo(1);
        assertThat(ControlBlockLayout.refCount(block, 0)).isZero();
        assertThat(ControlBlockLayout.addRefs(block, 2, 5)).isEqualTo(5);
        assertThat(block.get(U32, 12 + 4 * 2)).isEqualTo(5);
        assertThat(block.get(U32, 12 + 4)).isEqualTo(1);
    }

    @Test
    void refusesBufferIndicesOutside0To2() {
        for (int bad : new int[] {-1, 3, Integer.MIN_VALUE}) {
            assertThatThrownBy(() -> ControlBlockLayout.refCount(block, bad)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> ControlBlockLayout.addRefs(block, bad, 1)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> ControlBlockLayout.publishNanos(block, bad)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> ControlBlockLayout.storePublishNanos(block, bad, 1)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> ControlBlockLayout.packPublished(1, bad)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void countsReferencesAtomicallyAcrossThreads() throws Exception {
        int threads = 4;
        int perThread = 50_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        ControlBlockLayout.addRefs(block, 0, 2);
                        ControlBlockLayout.addRefs(block, 0, -1);
                        ControlBlockLayout.incrementFrameId(block);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        assertThat(ControlBlockLayout.refCount(block, 0)).isEqualTo(threads * perThread);
        assertThat(ControlBlockLayout.frameIdVolatile(block)).isEqualTo((long) threads * perThread);
    }

    @Test
    void updatesOnlyTheFrameFieldsOfTheMeta() {
        ControlBlockLayout.writeMetaFrame(block, 41, 99);
        FrameMeta expected = WireSamples.textureMeta().withFrame(41, 99);
        assertThat(ControlBlockLayout.meta(block)).isEqualTo(expected);
        assertThat(block.get(U64, 32 + 48)).isEqualTo(41);
        assertThat(block.get(U64, 32 + 64)).isEqualTo(99);
    }

    @Test
    void packsAndUnpacksThePublishedWord() {
        long packed = ControlBlockLayout.packPublished(7, 2);
        assertThat(packed).isEqualTo(30);
        assertThat(ControlBlockLayout.publishedFrameId(packed)).isEqualTo(7);
        assertThat(ControlBlockLayout.publishedIndex(packed)).isEqualTo(2);

        long largest = ControlBlockLayout.packPublished((1L << 62) - 1, 1);
        assertThat(ControlBlockLayout.publishedFrameId(largest)).isEqualTo((1L << 62) - 1);
        assertThat(ControlBlockLayout.publishedIndex(largest)).isEqualTo(1);

        assertThatThrownBy(() -> ControlBlockLayout.packPublished(0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ControlBlockLayout.packPublished(-1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ControlBlockLayout.packPublished(1L << 62, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void publishesWithTimestamps() {
        ControlBlockLayout.storePublishNanos(block, 1, 123_456_789L);
        ControlBlockLayout.storePublishedRelease(block, 5, 1);
        long published = ControlBlockLayout.publishedAcquire(block);
        assertThat(ControlBlockLayout.publishedFrameId(published)).isEqualTo(5);
        assertThat(ControlBlockLayout.publishedIndex(published)).isEqualTo(1);
        assertThat(ControlBlockLayout.publishNanos(block, 1)).isEqualTo(123_456_789L);
        assertThat(ControlBlockLayout.publishNanos(block, 0)).isZero();
        assertThat(block.get(U64, 112)).isEqualTo(5L << 2 | 1);
        assertThat(block.get(U64, 120 + 8)).isEqualTo(123_456_789L);
    }

    @Test
    void detectsTheExtension() {
        MemorySegment cBlock = arena.allocate(ControlBlockLayout.WIRE_SIZE, 8);
        MemorySegment.copy(block, 0, cBlock, 0, ControlBlockLayout.WIRE_SIZE);
        assertThat(ControlBlockLayout.hasExtension(cBlock)).isFalse();

        block.set(U32, ControlBlockLayout.EXT_MAGIC, 0x584A4C55);
        assertThat(ControlBlockLayout.hasExtension(block)).isFalse();

        block.set(U32, ControlBlockLayout.EXT_MAGIC, ControlBlockLayout.EXT_MAGIC_VALUE);
        block.set(U32, ControlBlockLayout.EXT_VERSION, 2);
        assertThat(ControlBlockLayout.hasExtension(block)).isFalse();
    }

    @Test
    void worksOnTheWirePartOfACProducersBlock() {
        MemorySegment cBlock = arena.allocate(ControlBlockLayout.WIRE_SIZE, 8);
        MemorySegment.copy(block, 0, cBlock, 0, ControlBlockLayout.WIRE_SIZE);
        assertThat(ControlBlockLayout.incrementFrameId(cBlock)).isEqualTo(1);
        assertThat(ControlBlockLayout.meta(cBlock)).isEqualTo(WireSamples.textureMeta());
        assertThatThrownBy(() -> ControlBlockLayout.publishedAcquire(cBlock))
                .isInstanceOf(TexlinkProtocolException.class).hasMessageContaining("check hasExtension first");
        assertThatThrownBy(() -> ControlBlockLayout.storePublishedRelease(cBlock, 1, 0))
                .isInstanceOf(TexlinkProtocolException.class);
        assertThatThrownBy(() -> ControlBlockLayout.publishNanos(cBlock, 0))
                .isInstanceOf(TexlinkProtocolException.class);
    }

    @Test
    void refusesBlocksShorterThanTheWirePart() {
        MemorySegment tooShort = arena.allocate(ControlBlockLayout.WIRE_SIZE - 1, 8);
        assertThatThrownBy(() -> ControlBlockLayout.frameIdVolatile(tooShort))
                .isInstanceOf(TexlinkProtocolException.class).hasMessageContaining("needs 104");
        assertThatThrownBy(() -> ControlBlockLayout.meta(tooShort)).isInstanceOf(TexlinkProtocolException.class);
        assertThatThrownBy(() -> ControlBlockLayout.bufferCount(tooShort)).isInstanceOf(TexlinkProtocolException.class);
        assertThat(ControlBlockLayout.hasExtension(tooShort)).isFalse();
    }

    @Test
    void refusesACorruptBufferCount() {
        block.set(U32, ControlBlockLayout.BUFFER_COUNT, 4);
        assertThatThrownBy(() -> ControlBlockLayout.bufferCount(block))
                .isInstanceOf(TexlinkProtocolException.class).hasMessageContaining("buffer count 4");
        block.set(U32, ControlBlockLayout.BUFFER_COUNT, 0);
        assertThatThrownBy(() -> ControlBlockLayout.bufferCount(block)).isInstanceOf(TexlinkProtocolException.class);
    }
}
