package io.texlink.vulkan;

import io.texlink.FrameDescriptor;
import io.texlink.FrameMeta;
import io.texlink.FrameType;
import io.texlink.PixelFormat;
import io.texlink.TexlinkTimeoutException;
import io.texlink.pattern.TestPattern;
import io.texlink.posix.Libc;
import io.texlink.posix.OwnedFd;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * GPU-side sync between two {@code VkDevice}s of this process through the shared timeline
 * semaphore: the producer never waits, the consumer waits for each frame's value on its GPU or
 * CPU. Needs a device that exports timeline semaphores (the H100; lavapipe does not: skipped).
 */
@Tag("gpu")
class VulkanTimelineTest {

    @Test
    void framesInFlightAreEachWaitedForOnTheConsumersGpu() {
        share(VulkanFrameImporter.TimelineWait.GPU, FrameDescriptor.texture2d(1920, 1080, PixelFormat.ABGR8888));
    }

    @Test
    void framesInFlightAreEachWaitedForOnTheConsumersCpu() {
        share(VulkanFrameImporter.TimelineWait.CPU, FrameDescriptor.buffer(FrameType.COMPUTE_BUFFER, 4 << 20));
    }

    /**
     * Three frames are written and ended back to back (nothing waits on the producer side), then
     * read in reverse order, each after its own timeline value.
     */
    private static void share(VulkanFrameImporter.TimelineWait wait, FrameDescriptor shape) {
        VulkanContext producer = VulkanTestSupport.timelineContextOrSkip();
        VulkanContext consumer = VulkanContext.create(VulkanTestSupport.options().withDevice(producer.identity()));
        try (VulkanFrameAllocator allocator = VulkanFrameAllocator.builder(producer)
                .sync(VulkanFrameAllocator.SyncMode.TIMELINE_SEMAPHORE).build();
             VulkanFrameImporter importer = VulkanFrameImporter.builder(consumer).timelineWait(wait).build();
             Arena arena = Arena.ofConfined()) {
            assertThat(allocator.syncMode()).isEqualTo(VulkanFrameAllocator.SyncMode.TIMELINE_SEMAPHORE);
            VulkanFrame[] exported = new VulkanFrame[3];
            VulkanFrame[] imported = new VulkanFrame[3];
            for (int i = 0; i < 3; i++) {
                exported[i] = (VulkanFrame) allocator.allocate(i, shape);
            }
            FrameMeta meta = VulkanSharingTest.meta(allocator, exported[0].descriptor());
            importer.checkProducerDevice(Optional.of(producer.identity()));
            for (int i = 0; i < 3; i++) {
                imported[i] = (VulkanFrame) importer.importBuffer(i, VulkanSharingTest.duplicate(exported[i]), meta);
            }
            importer.importSync(new OwnedFd(Libc.fcntl(allocator.syncDescriptor(), Libc.F_DUPFD_CLOEXEC, 0)), meta);
            assertThat(importer.syncMode()).isEqualTo(VulkanFrameAllocator.SyncMode.TIMELINE_SEMAPHORE);

            TestPattern pattern = new TestPattern(VulkanTestSupport.hostAccess(exported[0]).hostShape());
            MemorySegment contents = arena.allocate(exported[0].hostSize());
            long[] values = new long[3];
            for (int i = 0; i < 3; i++) {
                pattern.fill(contents, i + 1);
                exported[i].upload(contents);
                values[i] = exported[i].endWrite();
                assertThat(values[i]).as("timeline value of frame %d", i + 1).isEqualTo(i + 1);
            }
            for (int i = 2; i >= 0; i--) {
                imported[i].beginRead(values[i]);
                assertThat(imported[i].waitValue()).isEqualTo(values[i]);
                assertThat(imported[i].waitSemaphore() != 0).isEqualTo(wait == VulkanFrameImporter.TimelineWait.GPU);
                imported[i].download(contents);
                imported[i].endRead();
                assertThat(pattern.verify(contents, i + 1, true)).as("frame %d", i + 1).isNull();
            }
            for (int i = 0; i < 3; i++) {
                imported[i].close();
                exported[i].close();
            }
        } finally {
            VulkanTestSupport.closeAndAssertClean(consumer);
            VulkanTestSupport.closeAndAssertClean(producer);
        }
    }

    @Test
    void aCpuWaitForAValueNeverSignaledTimesOut() {
        VulkanContext producer = VulkanTestSupport.timelineContextOrSkip();
        VulkanContext consumer = VulkanContext.create(VulkanTestSupport.options().withDevice(producer.identity()));
        try (VulkanFrameAllocator allocator = VulkanFrameAllocator.builder(producer).build();
             VulkanFrameImporter importer = VulkanFrameImporter.builder(consumer)
                     .timelineWait(VulkanFrameImporter.TimelineWait.CPU).cpuWaitTimeout(Duration.ofMillis(200)).build();
             VulkanFrame exported = (VulkanFrame) allocator.allocate(0, FrameDescriptor.buffer(FrameType.RAW, 4096))) {
            FrameMeta meta = VulkanSharingTest.meta(allocator, exported.descriptor());
            importer.checkProducerDevice(Optional.of(producer.identity()));
            try (VulkanFrame imported = (VulkanFrame) importer.importBuffer(0, VulkanSharingTest.duplicate(exported), meta)) {
                importer.importSync(new OwnedFd(Libc.fcntl(allocator.syncDescriptor(), Libc.F_DUPFD_CLOEXEC, 0)), meta);
                long signaled = exported.endWrite();
                imported.beginRead(signaled); // reached: returns
                long start = System.nanoTime();
                assertThatThrownBy(() -> imported.beginRead(signaled + 1))
                        .isInstanceOf(TexlinkTimeoutException.class).hasMessageContaining("vkWaitSemaphores");
                assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(150_000_000L);
            }
        } finally {
            VulkanTestSupport.closeAndAssertClean(consumer);
            VulkanTestSupport.closeAndAssertClean(producer);
        }
    }
}
