package io.texlink.spring.backend;

import io.texlink.backend.FrameAllocator;
import io.texlink.backend.FrameImporter;

/**
 * The backend an application shares frames with: where a server's buffers come from and how a
 * client maps what it receives. The auto-configuration provides one bean, chosen by
 * {@code texlink.backend}; declare your own bean of this type to replace it.
 *
 * <p>Both factories are called once per server or connection, which then owns and closes what
 * they return.
 */
public interface TexlinkBackend {

    /** Which backend this is; its {@link BackendType#propertyValue()} is the {@code backend} tag of the metrics. */
    BackendType type();

    /** A new allocator for one server's buffers. */
    FrameAllocator newAllocator();

    /** A new importer for one client connection. */
    FrameImporter newImporter();
}
