package io.texlink.spring.backend;

import io.texlink.egl.EglContext;
import io.texlink.egl.EglFrameAllocator;
import io.texlink.egl.EglFrameImporter;
import io.texlink.lifecycle.ShutdownCloser;
import io.texlink.vulkan.ImageTiling;

import java.util.Objects;

/**
 * Frames as OpenGL ES textures and buffer objects through EGL: each server's buffers are GL
 * textures over exported memory ({@link EglFrameAllocator}), each connection imports what it
 * receives into GL textures ({@link EglFrameImporter}). Producers render into
 * {@link io.texlink.egl.EglTexture#texture()} or {@link io.texlink.egl.EglTexture#upload} into it;
 * consumers sample it or {@link io.texlink.egl.EglTexture#download} it ({@code frame.memory()} is
 * {@code NULL}: GPU memory is not mapped). Rows are as in memory: flip where
 * {@link io.texlink.egl.EglFrame#mustFlipY()} says so (frames of Vulkan producers).
 *
 * <p>One {@link EglContext} per application: every allocator and importer is built on it and
 * leaves it open, so servers, clients and the application's own GL work share its textures. An
 * importer on it accepts only producers on its GPU. OPAQUE_FD memory goes through a Vulkan device
 * on the same GPU as well, which belongs to the context and is closed with it. The context is
 * either the application's ({@link #onApplicationContext}, e.g. {@link EglContext#wrap} of its
 * own render context), which it leaves open, or one it creates ({@link #onOwnContext}) and closes
 * in {@link #close()}, when the Spring context closes, after the servers, clients and other beans
 * that use this backend. Texlink's GL calls on a created context run on texlink's own
 * {@code texlink-egl} thread; the application renders with it on its thread after
 * {@link EglContext#makeCurrent()}.
 *
 * <p>Thread-safe.
 */
public final class EglBackend implements TexlinkBackend, AutoCloseable {

    private final EglContext context;
    /** Whether {@link #close()} closes the context: true for the backend's own, false for the application's. */
    private final boolean ownsContext;
    private final ImageTiling tiling;
    private final EglFrameAllocator.MemoryHandle memoryHandle;
    private final EglFrameAllocator.SyncMode sync;

    private EglBackend(EglContext context, boolean ownsContext, ImageTiling tiling,
                       EglFrameAllocator.MemoryHandle memoryHandle, EglFrameAllocator.SyncMode sync) {
        this.context = Objects.requireNonNull(context, "context");
        this.ownsContext = ownsContext;
        this.tiling = Objects.requireNonNull(tiling, "tiling");
        this.memoryHandle = Objects.requireNonNull(memoryHandle, "memoryHandle");
        this.sync = Objects.requireNonNull(sync, "sync");
    }

    /**
     * A backend on the application's context, which {@link #close()} leaves open.
     *
     * @param tiling       tiling of the Vulkan images behind the OPAQUE_FD textures servers allocate
     * @param memoryHandle how servers' frame memory travels
     * @param sync         how servers make frames safe to publish
     */
    public static EglBackend onApplicationContext(EglContext context, ImageTiling tiling,
                                                  EglFrameAllocator.MemoryHandle memoryHandle,
                                                  EglFrameAllocator.SyncMode sync) {
        return new EglBackend(context, false, tiling, memoryHandle, sync);
    }

    /**
     * A backend on a context it creates from {@code options} (no window, no surface) and closes in
     * {@link #close()}. The context is taken off texlink's JVM-exit hook, which runs at the same
     * time as Spring's (JVM shutdown hooks run concurrently) and would destroy it under a producer
     * still rendering: Spring's shutdown closes it, in order.
     *
     * @throws io.texlink.TexlinkUnsupportedException where texlink cannot create an OpenGL ES 3 context
     */
    public static EglBackend onOwnContext(EglContext.Options options, ImageTiling tiling,
                                          EglFrameAllocator.MemoryHandle memoryHandle,
                                          EglFrameAllocator.SyncMode sync) {
        EglContext context = EglContext.create(options);
        ShutdownCloser.forget(context);
        return new EglBackend(context, true, tiling, memoryHandle, sync);
    }

    @Override
    public BackendType type() {
        return BackendType.EGL;
    }

    /**
     * An allocator on {@link #context()} with this backend's tiling, memory handle and sync.
     *
     * @throws io.texlink.TexlinkUnsupportedException when the context cannot do a forced memory handle or sync mode
     */
    @Override
    public EglFrameAllocator newAllocator() {
        return EglFrameAllocator.builder(context).tiling(tiling).memoryHandle(memoryHandle).sync(sync).build();
    }

    /** An importer into {@link #context()}: GL waits for the producer's timeline values on the GPU where it can. */
    @Override
    public EglFrameImporter newImporter() {
        return EglFrameImporter.builder(context).build();
    }

    /** The EGL context every frame of this application lives in. */
    public EglContext context() {
        return context;
    }

    /** Closes the context if this backend created it, and with it every texlink object still open on it. */
    @Override
    public void close() {
        if (ownsContext) {
            context.close();
        }
    }

    @Override
    public String toString() {
        return "texlink EGL backend on " + context.capabilities().renderer() + " (" + tiling + ", " + memoryHandle
                + " memory, " + sync + " sync)";
    }
}
