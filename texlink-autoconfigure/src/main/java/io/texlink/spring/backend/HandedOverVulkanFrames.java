package io.texlink.spring.backend;

import io.texlink.Backend;
import io.texlink.FrameDescriptor;
import io.texlink.HandleType;
import io.texlink.backend.DeviceIdentity;
import io.texlink.backend.ExportedBuffer;
import io.texlink.backend.FrameAllocator;
import io.texlink.vulkan.VulkanFrame;
import io.texlink.vulkan.VulkanFrameAllocator;

import java.lang.foreign.Arena;
import java.util.Optional;

/**
 * Vulkan frames made ready for CUDA to write: each one goes through one Vulkan hand-off when it is
 * allocated (a download, which leaves an image in layout {@link VulkanFrame#HANDOFF_LAYOUT},
 * released to the external queue family). CUDA writes memory outside Vulkan's layout tracking, so
 * an image must be in that state before CUDA's first write, else consumers would import an image
 * Vulkan never transitioned (docs/cuda.md, "CUDA writing Vulkan-exported frames"). The download's
 * staging buffer (host memory of one frame's size) is freed right after it.
 *
 * <p>Everything else is the Vulkan allocator's, which this closes with itself.
 */
final class HandedOverVulkanFrames implements FrameAllocator {
    private final VulkanFrameAllocator frames;

    HandedOverVulkanFrames(VulkanFrameAllocator frames) {
        this.frames = frames;
    }

    @Override
    public Backend backend() {
        return frames.backend();
    }

    @Override
    public HandleType handleType() {
        return frames.handleType();
    }

    @Override
    public HandleType syncHandleType() {
        return frames.syncHandleType();
    }

    @Override
    public int syncDescriptor() {
        return frames.syncDescriptor();
    }

    @Override
    public Optional<DeviceIdentity> deviceIdentity() {
        return frames.deviceIdentity();
    }

    /** Allocates buffer {@code index} with Vulkan and hands it over once; returns when the hand-over is done. */
    @Override
    public ExportedBuffer allocate(int index, FrameDescriptor requested) {
        VulkanFrame frame = (VulkanFrame) frames.allocate(index, requested);
        try (Arena arena = Arena.ofConfined()) {
            frame.download(arena.allocate(frame.hostSize()));
            frame.freeHostTransfer();
        } catch (RuntimeException e) {
            frame.close();
            throw e;
        }
        return frame;
    }

    @Override
    public void close() {
        frames.close();
    }
}
