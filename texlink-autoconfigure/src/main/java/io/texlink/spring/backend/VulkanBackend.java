package io.texlink.spring.backend;

import io.texlink.lifecycle.ShutdownCloser;
import io.texlink.vulkan.ImageTiling;
import io.texlink.vulkan.VulkanContext;
import io.texlink.vulkan.VulkanFrameAllocator;
import io.texlink.vulkan.VulkanFrameImporter;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import java.util.List;
import java.util.Objects;

/**
 * Frames in GPU memory through Vulkan: each server's buffers are exported {@code VkImage}s or
 * {@code VkBuffer}s ({@link VulkanFrameAllocator}), each connection imports them into
 * {@code VkImage}s or {@code VkBuffer}s on this process's device ({@link VulkanFrameImporter}).
 * Producers write frames with {@link io.texlink.vulkan.VulkanFrame#upload} or their own commands on
 * {@link #context()}; consumers read them with {@link io.texlink.vulkan.VulkanFrame#download} or
 * their own commands ({@code WritableFrame.memory()} and {@code AcquiredFrame.memory()} are
 * {@code NULL}: GPU memory is not mapped).
 *
 * <p>One {@link VulkanContext} per application: every allocator and importer is built on it and
 * leaves it open, so servers, clients and the application's own Vulkan work share one device
 * and queue (texlink serializes its submits with {@link VulkanContext#queueLock()}; hold it too
 * when you submit to {@link VulkanContext#queue()}). An importer on this context accepts only
 * producers on the same device and driver, which two processes that let texlink pick the device
 * get on the same machine. The context is either the application's ({@link #onApplicationContext},
 * e.g. {@link VulkanContext#wrap} of its own device), which it leaves open, or one it creates
 * ({@link #onOwnContext}) and closes in {@link #close()}, when the Spring context closes, after
 * the servers, clients and other beans that use this backend.
 *
 * <p>Thread-safe.
 */
public final class VulkanBackend implements TexlinkBackend, AutoCloseable {
    private static final Log LOG = LogFactory.getLog(VulkanBackend.class);

    private final VulkanContext context;
    /** Whether {@link #close()} closes the context: true for the backend's own, false for the application's. */
    private final boolean ownsContext;
    private final ImageTiling tiling;
    private final VulkanFrameAllocator.MemoryHandle memoryHandle;
    private final VulkanFrameAllocator.SyncMode sync;

    private VulkanBackend(VulkanContext context, boolean ownsContext, ImageTiling tiling,
                          VulkanFrameAllocator.MemoryHandle memoryHandle, VulkanFrameAllocator.SyncMode sync) {
        this.context = Objects.requireNonNull(context, "context");
        this.ownsContext = ownsContext;
        this.tiling = Objects.requireNonNull(tiling, "tiling");
        this.memoryHandle = Objects.requireNonNull(memoryHandle, "memoryHandle");
        this.sync = Objects.requireNonNull(sync, "sync");
    }

    /**
     * A backend on the application's context, which {@link #close()} leaves open.
     *
     * @param tiling       tiling of the texture frames servers allocate
     * @param memoryHandle how servers' frame memory travels
     * @param sync         how servers make frames safe to publish
     */
    public static VulkanBackend onApplicationContext(VulkanContext context, ImageTiling tiling,
                                                     VulkanFrameAllocator.MemoryHandle memoryHandle,
                                                     VulkanFrameAllocator.SyncMode sync) {
        return new VulkanBackend(context, false, tiling, memoryHandle, sync);
    }

    /**
     * A backend on a context it creates from {@code options} and closes in {@link #close()} (the
     * engine creates and destroys a context's device on a thread of its own, as NVIDIA's driver
     * requires, so closing it from Spring's shutdown is safe). The context is taken off texlink's
     * JVM-exit hook: Spring's shutdown closes it, in order.
     *
     * @throws io.texlink.TexlinkUnsupportedException where texlink cannot create a Vulkan device
     */
    public static VulkanBackend onOwnContext(VulkanContext.Options options, ImageTiling tiling,
                                             VulkanFrameAllocator.MemoryHandle memoryHandle,
                                             VulkanFrameAllocator.SyncMode sync) {
        VulkanContext context = VulkanContext.create(options);
        // Spring closes it, after the beans that use it. texlink's own exit hook would close it at the
        // same time as Spring's (JVM shutdown hooks run concurrently), under a producer still recording on it.
        ShutdownCloser.forget(context);
        return new VulkanBackend(context, true, tiling, memoryHandle, sync);
    }

    @Override
    public BackendType type() {
        return BackendType.VULKAN;
    }

    /**
     * An allocator on {@link #context()} with this backend's tiling, memory handle and sync.
     *
     * @throws io.texlink.TexlinkUnsupportedException when the device cannot do a forced sync mode
     */
    @Override
    public VulkanFrameAllocator newAllocator() {
        return VulkanFrameAllocator.builder(context).tiling(tiling).memoryHandle(memoryHandle).sync(sync).build();
    }

    /** An importer on {@link #context()} that waits for the producer's timeline values on the GPU. */
    @Override
    public VulkanFrameImporter newImporter() {
        return VulkanFrameImporter.builder(context).build();
    }

    /** The device, queue and object ledger every frame of this application lives on. */
    public VulkanContext context() {
        return context;
    }

    /**
     * Closes the context if this backend created it (and with it every texlink object still open
     * on it), then logs what the validation layer reported, if it ran: objects left on the device
     * are reported while it is destroyed, after Spring Boot has taken its bridge for the engine's
     * {@code java.util.logging} messages down.
     */
    @Override
    public void close() {
        if (!ownsContext) {
            return;
        }
        context.close();
        List<String> errors = context.validationErrors();
        if (!errors.isEmpty()) {
            LOG.error("texlink vulkan: the validation layer reported " + errors.size() + " error(s) on "
                    + context.capabilities().deviceName() + ":\n" + String.join("\n", errors));
        }
    }

    @Override
    public String toString() {
        return "texlink Vulkan backend on " + context.capabilities().deviceName() + " (" + tiling + ", " + memoryHandle
                + " memory, " + sync + " sync)";
    }
}
