package io.texlink.wire;

import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The per-frame paths (notification, release, control-block atomics) must not allocate. */
class HotPathAllocationTest {

    private static final int ROUNDS = 200_000;

    @Test
    void perFrameMethodsDoNotAllocate() {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
                "this JVM does not report per-thread allocation");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment block = arena.allocate(ControlBlockLayout.TOTAL_SIZE, 8);
            ControlBlockLayout.initialize(block, 3, WireSamples.textureMeta());
            MemorySegment notice = arena.allocate(FrameNoticeRecord.SIZE, 8);
            MemorySegment release = arena.allocate(ReleaseRecord.SIZE, 4);

            long sink = 0;
            for (int warmup = 0; warmup < 3; warmup++) {
                sink += oneFrameEach(block, notice, release);
            }
            long before = threads.getCurrentThreadAllocatedBytes();
            sink += oneFrameEach(block, notice, release);
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;

            assertThat(sink).isNotZero();
            // A few hundred bytes of slack for JIT or safepoint bookkeeping charged to this thread.
            assertThat(allocated).as("bytes allocated by %d frames", ROUNDS).isLessThan(4_096);
        }
    }

    private static long oneFrameEach(MemorySegment block, MemorySegment notice, MemorySegment release) {
        long sink = 0;
        for (int i = 0; i < ROUNDS; i++) {
            int index = i % 3;
            long id = ControlBlockLayout.incrementFrameId(block);
            ControlBlockLayout.writeMetaFrame(block, id, i);
            ControlBlockLayout.storePublishNanos(block, index, i);
            ControlBlockLayout.storeCurrentIndexRelease(block, index);
            ControlBlockLayout.addRefs(block, index, 1);
            ControlBlockLayout.storePublishedRelease(block, id, index);
            FrameNoticeRecord.write(notice, id, index, (i & 1) == 0, i);

            sink += FrameNoticeRecord.frameId(notice) + FrameNoticeRecord.validatedBufferIndex(notice, 3)
                    + (FrameNoticeRecord.hasSyncFd(notice) ? 1 : 0) + FrameNoticeRecord.syncValue(notice);
            long published = ControlBlockLayout.publishedAcquire(block);
            sink += ControlBlockLayout.publishedFrameId(published) + ControlBlockLayout.publishedIndex(published)
                    + ControlBlockLayout.publishNanos(block, index) + ControlBlockLayout.currentIndexAcquire(block)
                    + ControlBlockLayout.frameIdVolatile(block);
            ReleaseRecord.write(release, index);
            int released = ReleaseRecord.validatedBufferIndex(release, 3);
            sink += ControlBlockLayout.addRefs(block, released, -1) + ControlBlockLayout.refCount(block, released);
        }
        return sink;
    }
}
