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
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

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
    /** The thread that created the backend's own context and closes it; null for the application's context. */
    private final ExecutorService owner;
    private final ImageTiling tiling;
    private final VulkanFrameAllocator.MemoryHandle memoryHandle;
    private final VulkanFrameAllocator.SyncMode sync;

    private VulkanBackend(VulkanContext context, ExecutorService owner, ImageTiling tiling,
                          VulkanFrameAllocator.MemoryHandle memoryHandle, VulkanFrameAllocator.SyncMode sync) {
        this.context = Objects.requireNonNull(context, "context");
        this.owner = owner;
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
        return new VulkanBackend(context, null, tiling, memoryHandle, sync);
    }

    /**
     * A backend on a context it creates from {@code options} and closes in {@link #close()}. Both
     * happen on one thread of the backend's own ({@code texlink-vulkan-owner}): NVIDIA's driver
     * (580.159, seen on an H200) kills the JVM at exit, with a SIGSEGV in a thread of its own, when
     * the instance and device are destroyed on another thread than the one that created them, as
     * they would be when Spring closes its beans in a shutdown hook on SIGTERM. The context is
     * also taken off texlink's own JVM-exit hook, which would close it on that hook's thread.
     *
     * @throws io.texlink.TexlinkUnsupportedException where texlink cannot create a Vulkan device
     */
    public static VulkanBackend onOwnContext(VulkanContext.Options options, ImageTiling tiling,
                                             VulkanFrameAllocator.MemoryHandle memoryHandle,
                                             VulkanFrameAllocator.SyncMode sync) {
        ExecutorService owner = Executors.newSingleThreadExecutor(
                task -> Thread.ofPlatform().daemon().name("texlink-vulkan-owner").unstarted(task));
        try {
            VulkanContext context = on(owner, () -> {
                VulkanContext created = VulkanContext.create(options);
                ShutdownCloser.forget(created);
                return created;
            });
            return new VulkanBackend(context, owner, tiling, memoryHandle, sync);
        } catch (RuntimeException | Error e) {
            owner.shutdown();
            throw e;
        }
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
     * on it), on the thread that created it, then logs what the validation layer reported, if it
     * ran: objects left on the device are reported while it is destroyed, after Spring Boot has
     * taken its bridge for the engine's {@code java.util.logging} messages down.
     */
    @Override
    public void close() {
        if (owner == null || owner.isShutdown()) {
            return;
        }
        try {
            on(owner, () -> {
                context.close();
                return null;
            });
        } finally {
            owner.shutdown();
        }
        List<String> errors = context.validationErrors();
        if (!errors.isEmpty()) {
            LOG.error("texlink vulkan: the validation layer reported " + errors.size() + " error(s) on "
                    + context.capabilities().deviceName() + ":\n" + String.join("\n", errors));
        }
    }

    /** Runs {@code task} on {@code thread} and waits for it, rethrowing what it threw. */
    private static <T> T on(ExecutorService thread, Callable<T> task) {
        try {
            return thread.submit(task).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the Vulkan context's thread worked", e);
        }
    }

    @Override
    public String toString() {
        return "texlink Vulkan backend on " + context.capabilities().deviceName() + " (" + tiling + ", " + memoryHandle
                + " memory, " + sync + " sync)";
    }
}
