package io.texlink.vulkan;

import io.texlink.Backend;
import io.texlink.FrameDescriptor;
import io.texlink.FrameMeta;
import io.texlink.FrameType;
import io.texlink.HandleType;
import io.texlink.PixelFormat;
import io.texlink.TexlinkProtocolException;
import io.texlink.TexlinkUnsupportedException;
import io.texlink.backend.DeviceIdentity;
import io.texlink.pattern.TestPattern;
import io.texlink.posix.Libc;
import io.texlink.posix.OwnedFd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.vulkan.VkBufferCreateInfo;
import org.lwjgl.vulkan.VkBufferMemoryRequirementsInfo2;
import org.lwjgl.vulkan.VkExportMemoryAllocateInfo;
import org.lwjgl.vulkan.VkExternalMemoryBufferCreateInfo;
import org.lwjgl.vulkan.VkImageCreateInfo;
import org.lwjgl.vulkan.VkImageMemoryRequirementsInfo2;
import org.lwjgl.vulkan.VkMemoryAllocateInfo;
import org.lwjgl.vulkan.VkMemoryDedicatedAllocateInfo;
import org.lwjgl.vulkan.VkMemoryDedicatedRequirements;
import org.lwjgl.vulkan.VkMemoryRequirements2;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.system.MemoryUtil.NULL;
import static org.lwjgl.vulkan.VK10.*;
import static org.lwjgl.vulkan.VK11.VK_EXTERNAL_MEMORY_HANDLE_TYPE_OPAQUE_FD_BIT;
import static org.lwjgl.vulkan.VK11.vkGetBufferMemoryRequirements2;
import static org.lwjgl.vulkan.VK11.vkGetImageMemoryRequirements2;

/**
 * Export and import between two {@code VkDevice}s of this process (each import goes through a
 * real duplicated descriptor, as across processes): exact pixels for every frame shape, and the
 * refusals of memory that does not fit its metadata or its device.
 */
class VulkanSharingTest {
    private static VulkanContext producer;
    private static VulkanContext consumer;

    @BeforeAll
    static void contexts() {
        producer = VulkanTestSupport.contextOrSkip();
        consumer = VulkanContext.create(VulkanTestSupport.options().withDevice(producer.identity()));
    }

    @AfterAll
    static void closeContexts() {
        if (consumer != null) {
            VulkanTestSupport.closeAndAssertClean(consumer);
        }
        if (producer != null) {
            VulkanTestSupport.closeAndAssertClean(producer);
        }
    }

    @AfterEach
    void everythingDestroyed() {
        assertThat(producer.liveObjects()).isEmpty();
        assertThat(consumer.liveObjects()).isEmpty();
        assertThat(producer.validationErrors()).isEmpty();
        assertThat(consumer.validationErrors()).isEmpty();
    }

    static Stream<Arguments> shapes() {
        return Stream.of(
                Arguments.of(FrameDescriptor.texture2d(64, 48, PixelFormat.ABGR8888), ImageTiling.OPTIMAL),
                Arguments.of(FrameDescriptor.texture2d(61, 17, PixelFormat.ARGB8888), ImageTiling.LINEAR),
                Arguments.of(FrameDescriptor.texture2d(33, 9, PixelFormat.R8), ImageTiling.OPTIMAL),
                Arguments.of(FrameDescriptor.texture2d(33, 9, PixelFormat.R8), ImageTiling.LINEAR),
                Arguments.of(FrameDescriptor.texture2d(32, 20, PixelFormat.ABGR16161616F), ImageTiling.OPTIMAL),
                Arguments.of(FrameDescriptor.texture2d(40, 8, PixelFormat.XBGR8888), ImageTiling.LINEAR),
                Arguments.of(FrameDescriptor.texture3d(16, 12, 5, PixelFormat.XRGB8888), ImageTiling.OPTIMAL),
                Arguments.of(FrameDescriptor.textureCube(16, PixelFormat.ABGR8888), ImageTiling.OPTIMAL),
                Arguments.of(FrameDescriptor.buffer(FrameType.VERTEX_BUFFER, 65_536), ImageTiling.OPTIMAL),
                Arguments.of(FrameDescriptor.buffer(FrameType.COMPUTE_BUFFER, 1_000), ImageTiling.OPTIMAL),
                Arguments.of(FrameDescriptor.buffer(FrameType.RAW, 12_345), ImageTiling.OPTIMAL));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("shapes")
    void theConsumerReadsTheProducersExactContents(FrameDescriptor shape, ImageTiling tiling) {
        try (VulkanFrameAllocator allocator = fenced().tiling(tiling).build();
             VulkanFrameImporter importer = VulkanFrameImporter.builder(consumer).build();
             VulkanFrame exported = (VulkanFrame) allocator.allocate(0, shape)) {
            FrameDescriptor sent = exported.descriptor();
            assertThat(sent.size()).isGreaterThanOrEqualTo(exported.hostSize());
            if (shape.type().isTexture()) {
                assertThat(sent.stride() == 0).isEqualTo(tiling == ImageTiling.OPTIMAL);
                assertThat(sent.stride()).isGreaterThanOrEqualTo(tiling == ImageTiling.LINEAR ? shape.stride() : 0);
                assertThat(sent.modifier()).isEqualTo(tiling == ImageTiling.OPTIMAL ? VulkanImage.DRM_FORMAT_MOD_INVALID
                        : FrameDescriptor.MODIFIER_LINEAR);
            }
            importer.checkProducerDevice(Optional.of(producer.identity()));
            try (VulkanFrame imported = (VulkanFrame) importer.importBuffer(0, duplicate(exported), meta(allocator, sent))) {
                assertThat(imported.descriptor()).isEqualTo(sent);
                assertThat(imported.mustFlipY()).isFalse();
                roundTrips(exported, imported, 3);
            }
        }
    }

    /** Writes frames 1..n on the producer's device and checks every row the consumer's device reads back. */
    static void roundTrips(VulkanFrame exported, VulkanFrame imported, int frames) {
        TestPattern pattern = new TestPattern(VulkanTestSupport.hostAccess(exported).hostShape());
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment written = arena.allocate(exported.hostSize());
            MemorySegment read = arena.allocate(imported.hostSize());
            for (long id = 1; id <= frames; id++) {
                pattern.fill(written, id);
                exported.upload(written);
                long sync = exported.endWrite();
                imported.beginRead(sync);
                imported.download(read);
                imported.endRead();
                assertThat(pattern.verify(read, id, true)).as("frame %d", id).isNull();
            }
        }
    }

    @Test
    void memoryTooSmallForTheDescribedFormatIsRefusedAndTheDescriptorClosed() {
        try (VulkanFrameAllocator allocator = VulkanFrameAllocator.builder(producer).build();
             VulkanFrameImporter importer = VulkanFrameImporter.builder(consumer).build();
             VulkanFrame exported = (VulkanFrame) allocator.allocate(0, FrameDescriptor.texture2d(1024, 1024, PixelFormat.ABGR8888))) {
            importer.checkProducerDevice(Optional.of(producer.identity()));
            // The metadata says half-float pixels (8 bytes each) over memory made for 4-byte ones
            // (large enough that no driver's alignment hides the difference).
            FrameDescriptor lie = new FrameDescriptor(FrameType.TEXTURE_2D, 1024, 1024, 1, 0, PixelFormat.ABGR16161616F, 0,
                    exported.descriptor().size());
            OwnedFd handle = duplicate(exported);
            int fd = handle.fd();
            assertThatThrownBy(() -> importer.importBuffer(0, handle, meta(allocator, lie)))
                    .isInstanceOf(TexlinkProtocolException.class)
                    .hasMessageContaining("the producer's memory holds " + lie.size());
            assertClosed(handle, fd);
        }
    }

    @Test
    void metadataClaimingMoreBytesThanTheMemoryHoldsIsRefused() {
        try (VulkanFrameAllocator allocator = VulkanFrameAllocator.builder(producer).build();
             VulkanFrameImporter importer = VulkanFrameImporter.builder(consumer).build();
             VulkanFrame exported = (VulkanFrame) allocator.allocate(0, FrameDescriptor.texture2d(64, 64, PixelFormat.ABGR8888))) {
            OwnedFd handle = duplicate(exported);
            int fd = handle.fd();
            if (!Libc.fstat(fd).isRegularFile()) {
                handle.close();
                Assumptions.abort("this driver's OPAQUE_FD is not a file whose size can be read (only lavapipe's is)");
            }
            importer.checkProducerDevice(Optional.of(producer.identity()));
            FrameDescriptor lie = FrameDescriptor.texture2d(512, 512, PixelFormat.ABGR8888);
            assertThatThrownBy(() -> importer.importBuffer(0, handle, meta(allocator, lie)))
                    .isInstanceOf(TexlinkProtocolException.class)
                    .hasMessageContaining("but the metadata claims " + lie.size());
            assertClosed(handle, fd);
        }
    }

    @Test
    void rowsLaidOutDifferentlyThanTheDescriptorSaysAreRefused() {
        try (VulkanFrameAllocator allocator = VulkanFrameAllocator.builder(producer).tiling(ImageTiling.LINEAR).build();
             VulkanFrameImporter importer = VulkanFrameImporter.builder(consumer).build();
             VulkanFrame exported = (VulkanFrame) allocator.allocate(0, FrameDescriptor.texture2d(16, 16, PixelFormat.ABGR8888))) {
            importer.checkProducerDevice(Optional.of(producer.identity()));
            FrameDescriptor sent = exported.descriptor();
            int wrongStride = sent.stride() + 64;
            FrameDescriptor lie = new FrameDescriptor(sent.type(), 16, 16, 1, wrongStride, sent.format(), 0,
                    Math.max(sent.size(), (long) wrongStride * 16));
            OwnedFd handle = duplicate(exported);
            int fd = handle.fd();
            assertThatThrownBy(() -> importer.importBuffer(0, handle, meta(allocator, lie)))
                    .isInstanceOf(TexlinkProtocolException.class)
                    .hasMessageContaining("lays rows out " + sent.stride() + " bytes apart")
                    .hasMessageContaining("says " + wrongStride);
            assertClosed(handle, fd);
        }
    }

    @Test
    void aProducerOnAnotherDeviceIsRefused() {
        byte[] uuid = producer.identity().deviceUuid();
        uuid[0] ^= 0x7f;
        DeviceIdentity elsewhere = new DeviceIdentity(uuid, producer.identity().driverUuid());
        try (VulkanFrameImporter given = VulkanFrameImporter.builder(consumer).build();
             VulkanFrameImporter own = VulkanFrameImporter.builder(VulkanTestSupport.options()).build()) {
            assertThatThrownBy(() -> given.checkProducerDevice(Optional.of(elsewhere)))
                    .isInstanceOf(TexlinkUnsupportedException.class)
                    .hasMessageContaining("the producer's frames live on GPU " + elsewhere)
                    .hasMessageContaining("same device and driver");
            assertThatThrownBy(() -> own.checkProducerDevice(Optional.of(elsewhere)))
                    .isInstanceOf(TexlinkUnsupportedException.class)
                    .hasMessageContaining("they live on " + elsewhere);
            assertThat(own.context()).isNull();
        }
    }

    @Test
    void anImporterWithItsOwnContextOpensTheProducersDevice() {
        VulkanFrameImporter importer = VulkanFrameImporter.builder(VulkanTestSupport.options()).build();
        importer.checkProducerDevice(Optional.of(producer.identity()));
        VulkanContext own = importer.context();
        assertThat(own.identity()).isEqualTo(producer.identity());
        assertThat(own).isNotSameAs(consumer);
        importer.close();
        assertThat(own.liveObjects()).isEmpty();
        assertThat(own.validationErrors()).isEmpty();
    }

    @Test
    void opaqueMemoryFromAProducerThatNamesNoDeviceIsRefused() {
        try (VulkanFrameAllocator allocator = VulkanFrameAllocator.builder(producer).build();
             VulkanFrameImporter importer = VulkanFrameImporter.builder(consumer).build();
             VulkanFrame exported = (VulkanFrame) allocator.allocate(0, FrameDescriptor.buffer(FrameType.RAW, 4096))) {
            importer.checkProducerDevice(Optional.empty()); // a C producer, or CPU memory
            OwnedFd handle = duplicate(exported);
            int fd = handle.fd();
            assertThatThrownBy(() -> importer.importBuffer(0, handle, meta(allocator, exported.descriptor())))
                    .isInstanceOf(TexlinkUnsupportedException.class)
                    .hasMessageContaining("without naming its GPU");
            assertClosed(handle, fd);
        }
    }

    @Test
    void anApplicationsOwnImageIsSharedAndStaysTheApplications() {
        FrameDescriptor shape = FrameDescriptor.texture2d(48, 30, PixelFormat.ABGR8888);
        VulkanImageSpec spec = VulkanImageSpec.forExport(producer, shape, ImageTiling.OPTIMAL, HandleType.OPAQUE_FD);
        try (MemoryStack stack = stackPush()) {
            LongBuffer handle = stack.mallocLong(1);
            assertThat(vkCreateImage(producer.device(), spec.fill(stack, VkImageCreateInfo.calloc(stack)), null, handle))
                    .isEqualTo(VK_SUCCESS);
            long image = handle.get(0);
            VkMemoryDedicatedRequirements dedicated = VkMemoryDedicatedRequirements.calloc(stack).sType$Default();
            VkMemoryRequirements2 requirements = VkMemoryRequirements2.calloc(stack).sType$Default().pNext(dedicated);
            vkGetImageMemoryRequirements2(producer.device(),
                    VkImageMemoryRequirementsInfo2.calloc(stack).sType$Default().image(image), requirements);
            ApplicationMemory memory = ApplicationMemory.allocate(stack, requirements, dedicated, spec.dedicatedOnly(), image, NULL);
            assertThat(vkBindImageMemory(producer.device(), image, memory.handle(), 0)).isEqualTo(VK_SUCCESS);
            try {
                assertThatThrownBy(() -> VulkanImage.wrap(producer, spec, image, memory.handle(), memory.size() + 4096,
                        memory.type(), memory.dedicated()))
                        .isInstanceOf(TexlinkUnsupportedException.class)
                        .hasMessageContaining("consumers import shared memory as " + memory.size() + " bytes of memory type "
                                + memory.type());
                shareWrapped(shape, VulkanImage.wrap(producer, spec, image, memory.handle(), memory.size(), memory.type(),
                        memory.dedicated()));
            } finally {
                vkDestroyImage(producer.device(), image, null);
                vkFreeMemory(producer.device(), memory.handle(), null);
            }
        }
    }

    @Test
    void anApplicationsOwnBufferIsSharedAndStaysTheApplications() {
        try (MemoryStack stack = stackPush()) {
            LongBuffer handle = stack.mallocLong(1);
            assertThat(vkCreateBuffer(producer.device(), VkBufferCreateInfo.calloc(stack).sType$Default().size(8192)
                    .usage(VulkanBuffer.USAGE).sharingMode(VK_SHARING_MODE_EXCLUSIVE)
                    .pNext(VkExternalMemoryBufferCreateInfo.calloc(stack).sType$Default()
                            .handleTypes(VK_EXTERNAL_MEMORY_HANDLE_TYPE_OPAQUE_FD_BIT)), null, handle)).isEqualTo(VK_SUCCESS);
            long buffer = handle.get(0);
            VkMemoryDedicatedRequirements dedicated = VkMemoryDedicatedRequirements.calloc(stack).sType$Default();
            VkMemoryRequirements2 requirements = VkMemoryRequirements2.calloc(stack).sType$Default().pNext(dedicated);
            vkGetBufferMemoryRequirements2(producer.device(),
                    VkBufferMemoryRequirementsInfo2.calloc(stack).sType$Default().buffer(buffer), requirements);
            ApplicationMemory memory = ApplicationMemory.allocate(stack, requirements, dedicated, false, NULL, buffer);
            assertThat(vkBindBufferMemory(producer.device(), buffer, memory.handle(), 0)).isEqualTo(VK_SUCCESS);
            try {
                assertThatThrownBy(() -> VulkanBuffer.wrap(producer, FrameType.COMPUTE_BUFFER, HandleType.OPAQUE_FD, buffer,
                        memory.handle(), memory.size(), memory.type(), !memory.dedicated()))
                        .isInstanceOf(TexlinkUnsupportedException.class)
                        .hasMessageContaining(memory.dedicated() ? ", dedicated, but" : ", not dedicated, but");
                shareWrapped(FrameDescriptor.buffer(FrameType.COMPUTE_BUFFER, 8192), VulkanBuffer.wrap(producer,
                        FrameType.COMPUTE_BUFFER, HandleType.OPAQUE_FD, buffer, memory.handle(), memory.size(), memory.type(),
                        memory.dedicated()));
            } finally {
                vkDestroyBuffer(producer.device(), buffer, null);
                vkFreeMemory(producer.device(), memory.handle(), null);
            }
        }
    }

    /** Memory an application allocated for sharing, by the rules {@link VulkanImage#wrap} states. */
    private record ApplicationMemory(long handle, long size, int type, boolean dedicated) {
        static ApplicationMemory allocate(MemoryStack stack, VkMemoryRequirements2 requirements,
                                          VkMemoryDedicatedRequirements dedicatedRequirements, boolean dedicatedOnly,
                                          long image, long buffer) {
            boolean dedicated = dedicatedOnly || dedicatedRequirements.requiresDedicatedAllocation()
                    || dedicatedRequirements.prefersDedicatedAllocation();
            long size = requirements.memoryRequirements().size();
            int type = producer.sharedMemoryTypeIndex(requirements.memoryRequirements().memoryTypeBits());
            VkMemoryAllocateInfo allocation = VkMemoryAllocateInfo.calloc(stack).sType$Default()
                    .allocationSize(size).memoryTypeIndex(type)
                    .pNext(VkExportMemoryAllocateInfo.calloc(stack).sType$Default()
                            .handleTypes(VK_EXTERNAL_MEMORY_HANDLE_TYPE_OPAQUE_FD_BIT));
            if (dedicated) {
                allocation.pNext(VkMemoryDedicatedAllocateInfo.calloc(stack).sType$Default().image(image).buffer(buffer));
            }
            LongBuffer memory = stack.mallocLong(1);
            assertThat(vkAllocateMemory(producer.device(), allocation, null, memory)).isEqualTo(VK_SUCCESS);
            return new ApplicationMemory(memory.get(0), size, type, dedicated);
        }
    }

    /** Shares the application's frame through an allocator, reads it back on the consumer's device, closes the wrapper. */
    private static void shareWrapped(FrameDescriptor shape, VulkanFrame wrapped) {
        try (VulkanFrameAllocator allocator = fenced().existingFrames(i -> wrapped).build();
             VulkanFrameImporter importer = VulkanFrameImporter.builder(consumer).build()) {
            VulkanFrame exported = (VulkanFrame) allocator.allocate(0, shape);
            assertThat(exported).isSameAs(wrapped);
            importer.checkProducerDevice(Optional.of(producer.identity()));
            try (VulkanFrame imported = (VulkanFrame) importer.importBuffer(0, duplicate(exported),
                    meta(allocator, exported.descriptor()))) {
                roundTrips(exported, imported, 2);
            }
            wrapped.close();
        }
        assertThat(producer.liveObjects()).as("texlink destroys none of the application's objects").isEmpty();
    }

    @Test
    void uploadsTakeExactlyTheHostSize() {
        try (VulkanFrameAllocator allocator = VulkanFrameAllocator.builder(producer).build();
             VulkanFrame frame = (VulkanFrame) allocator.allocate(0, FrameDescriptor.textureCube(8, PixelFormat.R8));
             Arena arena = Arena.ofConfined()) {
            assertThat(frame.hostSize()).isEqualTo(8 * 8 * 6);
            assertThatThrownBy(() -> frame.upload(arena.allocate(8 * 8)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("holds 384 bytes on the host");
            assertThat(frame.cpuMemory()).isEqualTo(MemorySegment.NULL);
        }
    }

    @Test
    void timelineSyncIsRefusedWhereTheDeviceCannotShareOne() {
        Assumptions.assumeFalse(producer.capabilities().exportableTimelineSemaphores(),
                "this device shares timeline semaphores (VulkanTimelineTest covers it)");
        assertThatThrownBy(() -> VulkanFrameAllocator.builder(producer).sync(VulkanFrameAllocator.SyncMode.TIMELINE_SEMAPHORE).build())
                .isInstanceOf(TexlinkUnsupportedException.class).hasMessageContaining("cannot export timeline semaphores");
        try (VulkanFrameAllocator allocator = VulkanFrameAllocator.builder(producer).build();
             VulkanFrameImporter importer = VulkanFrameImporter.builder(consumer).build();
             VulkanFrame exported = (VulkanFrame) allocator.allocate(0, FrameDescriptor.buffer(FrameType.RAW, 4096))) {
            assertThat(allocator.syncMode()).isEqualTo(VulkanFrameAllocator.SyncMode.PRODUCER_FENCE);
            assertThat(allocator.syncHandleType()).isEqualTo(HandleType.UNKNOWN);
            assertThat(exported.endWrite()).as("the producer waited; nothing for consumers to wait on").isZero();
            importer.checkProducerDevice(Optional.of(producer.identity()));
            OwnedFd handle = duplicate(exported);
            int fd = handle.fd();
            assertThatThrownBy(() -> importer.importSync(handle, meta(allocator, exported.descriptor())))
                    .isInstanceOf(TexlinkUnsupportedException.class).hasMessageContaining("cannot import");
            assertClosed(handle, fd);
            assertThat(importer.syncMode()).isEqualTo(VulkanFrameAllocator.SyncMode.PRODUCER_FENCE);
        }
    }

    @Test
    void dmaBufIsRefusedClearlyWhereTheDeviceCannotShareIt() {
        Assumptions.assumeFalse(producer.capabilities().dmaBufMemory(), "this device shares DMA-BUF memory");
        assertThatThrownBy(() -> {
            try (VulkanFrameAllocator allocator = VulkanFrameAllocator.builder(producer)
                    .memoryHandle(VulkanFrameAllocator.MemoryHandle.DMA_BUF).build()) {
                allocator.allocate(0, FrameDescriptor.texture2d(16, 16, PixelFormat.ABGR8888));
            }
        }).isInstanceOf(TexlinkUnsupportedException.class).hasMessageContaining("no VK_EXT_external_memory_dma_buf");
        try (VulkanFrameAllocator allocator = VulkanFrameAllocator.builder(producer).build();
             VulkanFrameImporter importer = VulkanFrameImporter.builder(consumer).build();
             VulkanFrame exported = (VulkanFrame) allocator.allocate(0, FrameDescriptor.texture2d(16, 16, PixelFormat.ABGR8888))) {
            assertThat(allocator.handleType()).as("AUTO falls back to OPAQUE_FD").isEqualTo(HandleType.OPAQUE_FD);
            importer.checkProducerDevice(Optional.empty());
            FrameMeta fromCPeer = new FrameMeta(Backend.VULKAN, HandleType.DMA_BUF_FD, exported.descriptor(), 0,
                    HandleType.UNKNOWN, 0);
            OwnedFd handle = duplicate(exported);
            int fd = handle.fd();
            assertThatThrownBy(() -> importer.importBuffer(0, handle, fromCPeer))
                    .isInstanceOf(TexlinkUnsupportedException.class)
                    .hasMessageContaining("cannot import (no VK_EXT_external_memory_dma_buf)");
            assertClosed(handle, fd);
        }
    }

    /**
     * An allocator whose producer waits on a fence in endWrite: these tests import no timeline, so
     * the consumer's device must find every frame complete.
     */
    private static VulkanFrameAllocator.Builder fenced() {
        return VulkanFrameAllocator.builder(producer).sync(VulkanFrameAllocator.SyncMode.PRODUCER_FENCE);
    }

    static FrameMeta meta(VulkanFrameAllocator allocator, FrameDescriptor descriptor) {
        return new FrameMeta(Backend.VULKAN, allocator.handleType(), descriptor, 0, allocator.syncHandleType(), 0);
    }

    /** What a consumer receives: its own descriptor for the exported memory. */
    static OwnedFd duplicate(VulkanFrame exported) {
        return new OwnedFd(Libc.fcntl(exported.exportDescriptor(), Libc.F_DUPFD_CLOEXEC, 0));
    }

    static void assertClosed(OwnedFd handle, int fd) {
        assertThat(handle.isOpen()).as("the importer closed the descriptor it was given").isFalse();
        assertThat(Files.exists(Path.of("/proc/self/fd/" + fd))).as("fd %d is closed", fd).isFalse();
    }

}
