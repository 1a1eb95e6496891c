package io.texlink.egl;

import io.texlink.Backend;
import io.texlink.FrameDescriptor;
import io.texlink.backend.ExportedBuffer;
import io.texlink.backend.ImportedBuffer;
import io.texlink.posix.OwnedFd;
import io.texlink.vulkan.VulkanFrame;

import java.lang.System.Logger.Level;
import java.lang.foreign.MemorySegment;

import static org.lwjgl.opengles.EXTMemoryObject.GL_DEDICATED_MEMORY_OBJECT_EXT;
import static org.lwjgl.opengles.EXTMemoryObject.glCreateMemoryObjectsEXT;
import static org.lwjgl.opengles.EXTMemoryObject.glDeleteMemoryObjectsEXT;
import static org.lwjgl.opengles.EXTMemoryObject.glMemoryObjectParameteriEXT;
import static org.lwjgl.opengles.EXTMemoryObjectFD.GL_HANDLE_TYPE_OPAQUE_FD_EXT;
import static org.lwjgl.opengles.EXTMemoryObjectFD.glImportMemoryFdEXT;
import static org.lwjgl.opengles.GLES20.GL_TRUE;

/**
 * One shared frame in an OpenGL ES context: an {@link EglTexture} or an {@link EglBuffer}. On the
 * producer side it is what {@link io.texlink.WritableFrame#buffer()} returns, on the consumer
 * side what {@link io.texlink.AcquiredFrame#buffer()} returns; cast to reach the GL object. The CPU
 * cannot map it ({@link #cpuMemory()} is {@code NULL}): render into it or sample it with GL, or
 * move bytes with {@code upload}/{@code download}.
 *
 * <p>Where its memory comes from:
 * <ul>
 *   <li>OPAQUE_FD (the default, and the only way on headless NVIDIA): a Vulkan allocation made by
 *       texlink's Vulkan backend, imported into GL as a memory object ({@code GL_EXT_memory_object_fd}).
 *       On the producer side the frame keeps that {@link VulkanFrame}, whose export is what consumers
 *       receive; on the consumer side it keeps a Vulkan import of the same memory, which checked that
 *       the memory fits the metadata and told how it was allocated.</li>
 *   <li>DMA-BUF: an {@code EGLImage} of the texture ({@code EGL_MESA_image_dma_buf_export} on the
 *       producer side, {@code EGL_EXT_image_dma_buf_import} on the consumer side); 2D textures only.</li>
 * </ul>
 *
 * <p>Handing frames over: the producer's {@code endFrame} signals the session's timeline
 * semaphore from GL (or finishes GL's work where there is none); the consumer's acquire makes GL
 * wait for the frame's value before its later commands, and its release finishes GL's work on the
 * frame first. So render and sample between acquire and release (or beginFrame and endFrame) in
 * this context, on a thread where it is current or can be made current (see {@link EglContext}).
 *
 * <p>Thread-safety: one thread at a time per frame. {@link #close()} deletes the GL objects, then
 * closes the Vulkan frame behind it.
 */
public abstract sealed class EglFrame implements ExportedBuffer, ImportedBuffer permits EglTexture, EglBuffer {
    private static final System.Logger LOG = System.getLogger(EglFrame.class.getName());

    final EglContext context;
    /** For messages: "buffer 1 (TEXTURE_2D 64x64 ...)". */
    final String name;
    private final Backend producer;
    private FrameDescriptor descriptor;
    private final GlHandoff handoff;
    private final VulkanFrame vulkan;
    private int memoryObject;
    /** DMA-BUF producers: the exported descriptor. */
    OwnedFd exported;
    private boolean closed;

    EglFrame(EglContext context, String name, Backend producer, FrameDescriptor descriptor, GlHandoff handoff,
             VulkanFrame vulkan) {
        this.context = context;
        this.name = name;
        this.producer = producer;
        this.descriptor = descriptor;
        this.handoff = handoff;
        this.vulkan = vulkan;
        context.ledger().adopt(this);
    }

    /**
     * Imports OPAQUE_FD memory of {@code size} bytes into a new memory object (GL owns a duplicate of
     * {@code handle}). Runs with the context current.
     */
    final int importMemory(OwnedFd handle, long size, boolean dedicated) {
        memoryObject = glCreateMemoryObjectsEXT();
        context.ledger().created("memory object");
        if (dedicated) {
            glMemoryObjectParameteriEXT(memoryObject, GL_DEDICATED_MEMORY_OBJECT_EXT, GL_TRUE);
        }
        GlHandoff.importDuplicate(handle, fd -> glImportMemoryFdEXT(memoryObject, size, GL_HANDLE_TYPE_OPAQUE_FD_EXT, fd),
                "glImportMemoryFdEXT (" + name + ", " + size + " bytes" + (dedicated ? ", dedicated)" : ")"));
        return memoryObject;
    }

    /** Replaces the descriptor once the driver told the real layout (DMA-BUF export). */
    final void describe(FrameDescriptor value) {
        descriptor = value;
    }

    /** The GL texture name, or 0 for a buffer. */
    abstract int glTexture();

    /** The GL buffer name, or 0 for a texture. */
    abstract int glBuffer();

    /** Deletes this frame's own GL objects (texture or buffer, read-back helpers); runs with the context current. */
    abstract void deleteGlObjects();

    // ---- ExportedBuffer / ImportedBuffer

    /** @throws IllegalStateException on a consumer's frame, which exports nothing */
    @Override
    public int exportDescriptor() {
        if (exported != null) {
            return exported.fd();
        }
        if (vulkan == null || producer != Backend.EGL) {
            throw new IllegalStateException(name + " was imported; only a producer's frames export a descriptor");
        }
        return vulkan.exportDescriptor();
    }

    @Override
    public FrameDescriptor descriptor() {
        return descriptor;
    }

    /** Always {@code NULL}: GPU memory is not mapped. */
    @Override
    public MemorySegment cpuMemory() {
        return MemorySegment.NULL;
    }

    /** Producer: before GL writes, takes the frame over from the consumers (a GPU-side wait with the timeline). */
    @Override
    public void beginWrite() {
        context.run(() -> handoff.beforeWrite(this));
    }

    /**
     * Producer: makes GL's writes visible to consumers.
     *
     * @return the timeline value GL signals when they are done, or 0 where GL finished them already
     */
    @Override
    public long endWrite() {
        return context.call(() -> handoff.afterWrite(this));
    }

    /** Consumer: GL commands issued after this wait on the GPU for the producer's {@code syncValue}. */
    @Override
    public void beginRead(long syncValue) {
        context.run(() -> handoff.beforeRead(this, syncValue));
    }

    /** Consumer: waits until GL's commands on the frame are done, so the producer may write it again. */
    @Override
    public void endRead() {
        context.run(handoff::afterRead);
    }

    // ---- for the application

    public EglContext context() {
        return context;
    }

    /** The graphics API that made the frame (the handshake's backend; {@link Backend#EGL} on the producer side). */
    public Backend producerBackend() {
        return producer;
    }

    /** True when a GL consumer must flip this frame's rows: it came from a Vulkan producer ({@link Backend#mustFlipY}). */
    public boolean mustFlipY() {
        return Backend.mustFlipY(producer, Backend.EGL);
    }

    /** The GL memory object holding the frame, 0 for DMA-BUF frames. */
    public int memoryObject() {
        return memoryObject;
    }

    /**
     * Deletes the GL objects (where the context can still be made current on this thread; else
     * they go with the context), then closes the Vulkan frame behind and the exported descriptor.
     * Idempotent.
     */
    @Override
    public final void close() {
        if (closed) {
            return;
        }
        closed = true;
        context.ledger().disown(this);
        try {
            context.run(() -> {
                deleteGlObjects();
                if (memoryObject != 0) {
                    glDeleteMemoryObjectsEXT(memoryObject);
                    context.ledger().destroyed("memory object");
                    memoryObject = 0;
                }
            });
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "texlink egl: the GL objects of {0} stay until its context is destroyed: {1}", name,
                    e.getMessage());
        } finally {
            if (exported != null) {
                exported.close();
            }
            if (vulkan != null) {
                vulkan.close();
            }
        }
    }

    /** Bytes {@code upload} and {@code download} move: {@code hostSize()} of the subclass. */
    abstract long hostSize();

    /**
     * Checks that {@code contents} can take or give this frame's host copy: the frame is open,
     * and the segment is native memory of exactly {@link #hostSize()} bytes.
     */
    final void requireHostSize(MemorySegment contents) {
        if (isClosed()) {
            throw new IllegalStateException(name + " is closed");
        }
        if (contents.byteSize() != hostSize() || !contents.isNative()) {
            throw new IllegalArgumentException(name + " moves " + hostSize() + " bytes to and from the host; got a "
                    + (contents.isNative() ? "" : "heap ") + "segment of " + contents.byteSize() + " (native memory needed)");
        }
    }

    /**
     * The same memory as {@code segment}, accessible from any thread: a created context's GL calls
     * run on texlink's EGL thread while the caller, whose arena may be confined, waits for them.
     */
    static MemorySegment anyThreadView(MemorySegment segment) {
        return MemorySegment.ofAddress(segment.address()).reinterpret(segment.byteSize());
    }

    final boolean isClosed() {
        return closed;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + name + (closed ? ", closed" : "") + "]";
    }
}
