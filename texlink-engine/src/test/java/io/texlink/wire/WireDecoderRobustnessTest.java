package io.texlink.wire;

import io.texlink.TexlinkProtocolException;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.HexFormat;
import java.util.Random;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Feeds every decoder random bytes and mutations of valid records: each must return a value or
 * throw {@link TexlinkProtocolException}, never anything else. Seeded, so a failure reproduces.
 */
class WireDecoderRobustnessTest {

    private static final int CASES = 12_000;
    private static final long SEED = 0x7E71_1CL;
    private static final int[] INTERESTING_U32 = {0, 1, 2, 3, 4, 5, 7, 8, 0x7f, 0xff, 32_768, 32_769,
            Integer.MAX_VALUE, Integer.MIN_VALUE, -1, -2, 0x34324241, 0x2f};

    @Test
    void metaDecoderOnlyThrowsProtocolErrors() {
        byte[] valid = encoded(MetaRecord.SIZE, seg -> MetaRecord.write(seg, 0, WireSamples.textureMeta()));
        Outcomes o = fuzz("meta", valid, seg -> MetaRecord.read(seg, 0));
        assertThat(o.accepted).isPositive();
        assertThat(o.refused).isPositive();
    }

    @Test
    void metaDecoderAtAnOffsetOnlyThrowsProtocolErrors() {
        byte[] valid = encoded(3 + MetaRecord.SIZE, seg -> MetaRecord.write(seg, 3, WireSamples.bufferMeta()));
        Outcomes o = fuzz("meta at 3", valid, seg -> MetaRecord.read(seg, 3));
        assertThat(o.accepted).isPositive();
    }

    @Test
    void handshakeDecoderOnlyThrowsProtocolErrors() {
        byte[] valid = encoded(HandshakeRecord.SIZE, seg -> HandshakeRecord.write(seg, WireSamples.handshake()));
        Outcomes o = fuzz("handshake", valid, HandshakeRecord::read);
        assertThat(o.accepted).isPositive();
        assertThat(o.refused).isPositive();
    }

    @Test
    void frameNoticeAccessorsOnlyThrowProtocolErrors() {
        byte[] valid = encoded(FrameNoticeRecord.SIZE, seg -> FrameNoticeRecord.write(seg, 9, 1, true, 3));
        Outcomes o = fuzz("frame notification", valid, seg -> {
            FrameNoticeRecord.frameId(seg);
            FrameNoticeRecord.syncValue(seg);
            FrameNoticeRecord.bufferIndex(seg);
            FrameNoticeRecord.hasSyncFd(seg);
            FrameNoticeRecord.validatedBufferIndex(seg, 1 + (int) (seg.byteSize() % 3));
        });
        assertThat(o.accepted).isPositive();
        assertThat(o.refused).isPositive();
    }

    @Test
    void releaseDecoderOnlyThrowsProtocolErrors() {
        byte[] valid = encoded(ReleaseRecord.SIZE, seg -> ReleaseRecord.write(seg, 1));
        Outcomes o = fuzz("release", valid, seg -> ReleaseRecord.validatedBufferIndex(seg, 3));
        assertThat(o.accepted).isPositive();
        assertThat(o.refused).isPositive();
    }

    @Test
    void registryDecoderOnlyThrowsProtocolErrors() {
        byte[] valid = encoded(RegistryLayout.FILE_SIZE, seg -> {
            RegistryLayout.initialize(seg);
            for (int slot = 0; slot < RegistryLayout.MAX_ENTRIES; slot++) {
                RegistryLayout.writeEntry(seg, slot, new RegistryEntry("s" + slot, "/tmp/texlink/s" + slot + ".sock", slot, true));
            }
        });
        Outcomes o = fuzz("registry", valid, seg -> {
            RegistryLayout.hasMagic(seg);
            for (int slot = 0; slot < RegistryLayout.MAX_ENTRIES; slot += 9) {
                RegistryLayout.readEntry(seg, slot);
            }
        });
        assertThat(o.accepted).isPositive();
        assertThat(o.refused).isPositive();
    }

    @Test
    void controlBlockReadersOnlyThrowProtocolErrors() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment block = arena.allocate(ControlBlockLayout.TOTAL_SIZE, 8);
            ControlBlockLayout.initialize(block, 2, WireSamples.textureMeta());
            byte[] valid = WireSamples.toArray(block);
            // Atomic access needs aligned native memory, as a mapping is: copy each case into one.
            MemorySegment mapped = arena.allocate(ControlBlockLayout.TOTAL_SIZE + 16, 8);
            Outcomes o = fuzz("control block", valid, heap -> {
                MemorySegment seg = mapped.asSlice(0, heap.byteSize());
                MemorySegment.copy(heap, 0, seg, 0, heap.byteSize());
                ControlBlockLayout.frameIdVolatile(seg);
                ControlBlockLayout.currentIndexAcquire(seg);
                ControlBlockLayout.refCount(seg, 2);
                if (ControlBlockLayout.hasExtension(seg)) {
                    long published = ControlBlockLayout.publishedAcquire(seg);
                    ControlBlockLayout.publishedFrameId(published);
                    ControlBlockLayout.publishedIndex(published);
                    ControlBlockLayout.publishNanos(seg, 1);
                }
                ControlBlockLayout.bufferCount(seg);
                ControlBlockLayout.meta(seg);
            });
            assertThat(o.accepted).isPositive();
            assertThat(o.refused).isPositive();
        }
    }

    private static byte[] encoded(int size, Consumer<MemorySegment> writer) {
        MemorySegment seg = WireSamples.bytes(size);
        writer.accept(seg);
        return WireSamples.toArray(seg);
    }

    /** Runs {@link #CASES} cases: a third random bytes of random length, two thirds mutations of {@code valid}. */
    private static Outcomes fuzz(String decoder, byte[] valid, Consumer<MemorySegment> decode) {
        Random random = new Random(SEED ^ decoder.hashCode());
        Outcomes outcomes = new Outcomes();
        for (int i = 0; i < CASES; i++) {
            byte[] input = i % 3 == 0 ? randomBytes(random, valid.length) : mutate(random, valid);
            try {
                decode.accept(MemorySegment.ofArray(input));
                outcomes.accepted++;
            } catch (TexlinkProtocolException expected) {
                assertThat(expected.getMessage()).isNotBlank();
                outcomes.refused++;
            } catch (Throwable t) {
                fail(decoder + " case " + i + " (seed " + SEED + ") threw " + t + " for "
                        + HexFormat.of().formatHex(input), t);
            }
        }
        assertThat(outcomes.accepted + outcomes.refused).isEqualTo(CASES);
        return outcomes;
    }

    private static byte[] randomBytes(Random random, int recordSize) {
        // Mostly the record's own size, sometimes shorter or longer.
        int length = random.nextInt(4) == 0 ? random.nextInt(recordSize + 17) : recordSize;
        byte[] out = new byte[length];
        random.nextBytes(out);
        return out;
    }

    private static byte[] mutate(Random random, byte[] valid) {
        byte[] out = valid.clone();
        int kind = random.nextInt(10);
        if (kind == 0) {
            byte[] truncated = new byte[random.nextInt(valid.length)];
            System.arraycopy(valid, 0, truncated, 0, truncated.length);
            return truncated;
        }
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits; e++) {
            if (kind < 5) {
                out[random.nextInt(out.length)] = (byte) random.nextInt(256);
            } else if (out.length >= 4) {
                int at = random.nextInt(out.length / 4) * 4;
                int value = INTERESTING_U32[random.nextInt(INTERESTING_U32.length)];
                out[at] = (byte) value;
                out[at + 1] = (byte) (value >>> 8);
                out[at + 2] = (byte) (value >>> 16);
                out[at + 3] = (byte) (value >>> 24);
            }
        }
        return out;
    }

    private static final class Outcomes {
        int accepted;
        int refused;
    }
}
