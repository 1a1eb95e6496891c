package io.texlink.backend;

import io.texlink.FrameMeta;
import io.texlink.posix.OwnedFd;

/**
 * Consumer side of a backend: turns each received descriptor into something usable in place
 * (a CPU mapping, a Vulkan image, a CUDA pointer). It validates what a peer sent before using it.
 */
public interface FrameImporter extends AutoCloseable {
    /**
     * Called before any buffer is imported with the producer's GPU identity from the control block
     * (empty for C producers and CPU memory). GPU importers refuse a device that is not theirs.
     *
     * @throws io.texlink.TexlinkUnsupportedException when the memory cannot be imported here
     */
    default void checkProducerDevice(java.util.Optional<DeviceIdentity> producer) {
    }

    /**
     * Imports buffer {@code index}. Takes ownership of {@code handle} (closes it when done with it,
     * also on failure).
     *
     * @throws io.texlink.TexlinkProtocolException   when the handle does not match the metadata
     * @throws io.texlink.TexlinkUnsupportedException when this importer cannot use that handle type
     */
    ImportedBuffer importBuffer(int index, OwnedFd handle, FrameMeta meta);

    /**
     * Imports the producer's shared timeline semaphore (meta sync handle type OPAQUE_FD). Takes
     * ownership of {@code handle}.
     *
     * @throws io.texlink.TexlinkUnsupportedException when this importer cannot wait on GPU semaphores
     */
    default void importSync(OwnedFd handle, FrameMeta meta) {
        handle.close();
        throw new io.texlink.TexlinkUnsupportedException("the producer (" + meta.backend()
                + ") shares a timeline semaphore, which this importer cannot wait on; use the Vulkan or CUDA importer");
    }

    @Override
    default void close() {
    }
}
