package io.texlink.egl;

import io.texlink.posix.OwnedFd;
import org.lwjgl.system.MemoryStack;

import java.nio.IntBuffer;
import java.util.function.IntConsumer;

import static org.lwjgl.opengles.EXTSemaphore.GL_LAYOUT_GENERAL_EXT;
import static org.lwjgl.opengles.EXTSemaphore.glDeleteSemaphoresEXT;
import static org.lwjgl.opengles.EXTSemaphore.glSemaphoreParameterui64vEXT;
import static org.lwjgl.opengles.EXTSemaphore.glSignalSemaphoreEXT;
import static org.lwjgl.opengles.EXTSemaphore.glWaitSemaphoreEXT;
import static org.lwjgl.opengles.EXTSemaphoreFD.GL_HANDLE_TYPE_OPAQUE_FD_EXT;
import static org.lwjgl.opengles.EXTSemaphoreFD.glImportSemaphoreFdEXT;
import static org.lwjgl.opengles.GLES20.glFinish;
import static org.lwjgl.opengles.GLES20.glFlush;
import static org.lwjgl.opengles.NVTimelineSemaphore.GL_SEMAPHORE_TYPE_NV;
import static org.lwjgl.opengles.NVTimelineSemaphore.GL_SEMAPHORE_TYPE_TIMELINE_NV;
import static org.lwjgl.opengles.NVTimelineSemaphore.GL_TIMELINE_SEMAPHORE_VALUE_NV;
import static org.lwjgl.opengles.NVTimelineSemaphore.glCreateSemaphoresNV;
import static org.lwjgl.opengles.NVTimelineSemaphore.glSemaphoreParameterivNV;
import static org.lwjgl.system.MemoryStack.stackPush;

/**
 * How GL hands a frame to and from the other process: through the session's timeline semaphore
 * (shared as OPAQUE_FD, {@code GL_EXT_semaphore_fd} + {@code GL_NV_timeline_semaphore}), or, where
 * there is none, by finishing GL's work ({@code glFinish}) before a frame is published or released.
 *
 * <p>With the timeline, a producer signals value n with the frame's texture in
 * {@code GL_LAYOUT_GENERAL_EXT} (Vulkan's {@code VK_IMAGE_LAYOUT_GENERAL}, the layout texlink's
 * Vulkan frames are handed over in) and a consumer waits for n with the same source layout: the
 * layout transitions of {@code EXT_external_objects} happen only at semaphore waits and signals.
 * Before writing again, the producer waits for its own last value, which tells GL the layout
 * the texture is in. All methods run with the frame's context current (inside {@link EglContext#run}).
 */
final class GlHandoff implements AutoCloseable {
    private final EglContext context;
    private int semaphore;
    private long lastSignaled;

    GlHandoff(EglContext context) {
        this.context = context;
    }

    /**
     * Imports the session's timeline semaphore from {@code received} (closed here: GL owns a
     * duplicate on success).
     */
    void importTimeline(OwnedFd received) {
        try (received) {
            GlErrors.require(context.capabilities().timelineSemaphores(),
                    "GL_EXT_semaphore_fd and GL_NV_timeline_semaphore", "a timeline semaphore shared with the other process",
                    context.capabilities());
            context.run(() -> {
                semaphore = glCreateSemaphoresNV();
                context.ledger().created("semaphore");
                try (MemoryStack stack = stackPush()) {
                    glSemaphoreParameterivNV(semaphore, GL_SEMAPHORE_TYPE_NV, stack.ints(GL_SEMAPHORE_TYPE_TIMELINE_NV));
                }
                importDuplicate(received, fd -> glImportSemaphoreFdEXT(semaphore, GL_HANDLE_TYPE_OPAQUE_FD_EXT, fd),
                        "glImportSemaphoreFdEXT (timeline semaphore)");
            });
            // Closed with the context, like the frames, when the allocator or importer is not closed first.
            context.ledger().adopt(this);
        }
    }

    /** True once a timeline semaphore is imported. */
    boolean timeline() {
        return semaphore != 0;
    }

    /** Producer, before GL writes {@code frame}: waits for the last value it signalled, taking the frame over in GENERAL layout. */
    void beforeWrite(EglFrame frame) {
        if (semaphore != 0) {
            wait(frame, lastSignaled);
        }
    }

    /**
     * Producer, after GL wrote {@code frame}: signals the next value (returned) with the frame in
     * GENERAL layout, or, without a timeline, finishes GL's work and returns 0.
     */
    long afterWrite(EglFrame frame) {
        if (semaphore == 0) {
            glFinish();
            GlErrors.checkGl("glFinish (frame written)");
            return 0;
        }
        long value = ++lastSignaled;
        try (MemoryStack stack = stackPush()) {
            glSemaphoreParameterui64vEXT(semaphore, GL_TIMELINE_SEMAPHORE_VALUE_NV, stack.longs(value));
            glSignalSemaphoreEXT(semaphore, objects(stack, frame.glBuffer()), objects(stack, frame.glTexture()),
                    layouts(stack, frame.glTexture()));
        }
        glFlush();
        GlErrors.checkGl("glSignalSemaphoreEXT (timeline value " + value + ", " + frame.name + ")");
        return value;
    }

    /** Consumer, after the frame was acquired: GL's later commands wait for {@code value} (0: nothing to wait for). */
    void beforeRead(EglFrame frame, long value) {
        if (semaphore != 0 && value > 0) {
            wait(frame, value);
        }
    }

    /** Consumer, before the frame is released: GL's reads must be done before the producer writes again. */
    void afterRead() {
        glFinish();
        GlErrors.checkGl("glFinish (frame read)");
    }

    private void wait(EglFrame frame, long value) {
        try (MemoryStack stack = stackPush()) {
            glSemaphoreParameterui64vEXT(semaphore, GL_TIMELINE_SEMAPHORE_VALUE_NV, stack.longs(value));
            glWaitSemaphoreEXT(semaphore, objects(stack, frame.glBuffer()), objects(stack, frame.glTexture()),
                    layouts(stack, frame.glTexture()));
        }
        GlErrors.checkGl("glWaitSemaphoreEXT (timeline value " + value + ", " + frame.name + ")");
    }

    private static IntBuffer objects(MemoryStack stack, int name) {
        return name == 0 ? stack.mallocInt(0) : stack.ints(name);
    }

    private static IntBuffer layouts(MemoryStack stack, int texture) {
        return texture == 0 ? stack.mallocInt(0) : stack.ints(GL_LAYOUT_GENERAL_EXT);
    }

    /**
     * Runs a GL import of a duplicate of {@code received} ({@link OwnedFd#importDuplicate}). GL
     * reports a failed import as an error, not a result: it is checked under the name {@code call}
     * before the import counts as done. {@code received} stays the caller's.
     */
    static void importDuplicate(OwnedFd received, IntConsumer importing, String call) {
        OwnedFd.importDuplicate(received.fd(), duplicate -> {
            importing.accept(duplicate);
            GlErrors.checkGl(call);
            return null;
        });
    }

    /** Deletes the semaphore (GL closes its descriptor). */
    @Override
    public void close() {
        if (semaphore != 0) {
            context.ledger().disown(this);
            try {
                context.run(() -> glDeleteSemaphoresEXT(semaphore));
                context.ledger().destroyed("semaphore");
            } finally {
                semaphore = 0;
            }
        }
    }

    @Override
    public String toString() {
        return "GL timeline semaphore " + semaphore;
    }
}
