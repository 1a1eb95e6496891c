package io.texlink.egl;

import io.texlink.Backend;
import io.texlink.FrameDescriptor;
import io.texlink.posix.OwnedFd;
import io.texlink.vulkan.VulkanFrame;

import java.lang.foreign.MemorySegment;

import static org.lwjgl.opengles.EXTMemoryObject.glBufferStorageMemEXT;
import static org.lwjgl.opengles.GLES20.*;
import static org.lwjgl.opengles.GLES30.*;

/**
 * A shared GL buffer object (vertex, compute or raw frames) over OPAQUE_FD memory
 * ({@code glBufferStorageMemEXT}): immutable storage of the descriptor's size, usable as any
 * buffer binding. {@link #upload} and {@link #download} go through a staging buffer
 * ({@code glCopyBufferSubData}), since storage from a memory object cannot be mapped. See
 * {@link EglFrame} for the rest.
 */
public final class EglBuffer extends EglFrame {
    private int buffer;
    private int staging;

    private EglBuffer(EglContext context, String name, Backend producer, FrameDescriptor descriptor, GlHandoff handoff,
                      VulkanFrame vulkan) {
        super(context, name + " (" + descriptor.type() + " " + descriptor.size() + " bytes)", producer, descriptor, handoff,
                vulkan);
    }

    /**
     * A buffer over OPAQUE_FD memory of {@code descriptor.size()} bytes. {@code handle} stays the
     * caller's; {@code vulkan} becomes the buffer's and is closed with it, also when this fails.
     */
    static EglBuffer importMemory(EglContext context, String name, Backend producer, FrameDescriptor descriptor,
                                  OwnedFd handle, boolean dedicated, GlHandoff handoff, VulkanFrame vulkan) {
        EglBuffer frame = new EglBuffer(context, name, producer, descriptor, handoff, vulkan);
        try {
            context.run(() -> {
                int memory = frame.importMemory(handle, descriptor.size(), dedicated);
                frame.buffer = glGenBuffers();
                context.ledger().created("buffer");
                int previous = glGetInteger(GL_ARRAY_BUFFER_BINDING);
                glBindBuffer(GL_ARRAY_BUFFER, frame.buffer);
                try {
                    glBufferStorageMemEXT(GL_ARRAY_BUFFER, descriptor.size(), memory, 0);
                    GlErrors.checkGlSupported("glBufferStorageMemEXT (" + frame.name + ")",
                            "place a buffer in imported memory", context.capabilities());
                } finally {
                    glBindBuffer(GL_ARRAY_BUFFER, previous);
                }
            });
            return frame;
        } catch (RuntimeException e) {
            frame.close();
            throw e;
        }
    }

    /** The GL buffer name. */
    public int buffer() {
        return buffer;
    }

    /** Bytes of the buffer, what {@link #upload} and {@link #download} move. */
    public long hostSize() {
        return descriptor().size();
    }

    /** Copies {@code contents} ({@link #hostSize()} bytes of native memory) into the buffer, in order with the context's commands. */
    public void upload(MemorySegment contents) {
        requireHostSize(contents);
        copy(() -> {
            nglBufferSubData(GL_COPY_READ_BUFFER, 0, hostSize(), contents.address());
            glCopyBufferSubData(GL_COPY_READ_BUFFER, GL_COPY_WRITE_BUFFER, 0, 0, hostSize());
        }, staging, buffer, "upload");
    }

    /** Copies the buffer into {@code destination} ({@link #hostSize()} bytes of native memory); returns when the bytes are there. */
    public void download(MemorySegment destination) {
        requireHostSize(destination);
        MemorySegment bytes = anyThreadView(destination);
        copy(() -> {
            glCopyBufferSubData(GL_COPY_READ_BUFFER, GL_COPY_WRITE_BUFFER, 0, 0, hostSize());
            var mapped = glMapBufferRange(GL_COPY_WRITE_BUFFER, 0, hostSize(), GL_MAP_READ_BIT);
            GlErrors.checkGl("glMapBufferRange (" + name + " staging)");
            MemorySegment.copy(MemorySegment.ofBuffer(mapped), 0, bytes, 0, hostSize());
            glUnmapBuffer(GL_COPY_WRITE_BUFFER);
        }, buffer, 0, "download");
    }

    /**
     * Binds {@code read} to {@code GL_COPY_READ_BUFFER} and {@code write} to {@code GL_COPY_WRITE_BUFFER}
     * (0: the staging buffer, made on first use), runs {@code copy}, and puts the bindings back.
     */
    private void copy(Runnable copy, int read, int write, String what) {
        context.run(() -> {
            if (staging == 0) {
                staging = glGenBuffers();
                context.ledger().created("buffer");
                int previous = glGetInteger(GL_COPY_WRITE_BUFFER_BINDING);
                glBindBuffer(GL_COPY_WRITE_BUFFER, staging);
                glBufferData(GL_COPY_WRITE_BUFFER, hostSize(), GL_STREAM_COPY);
                glBindBuffer(GL_COPY_WRITE_BUFFER, previous);
            }
            int previousRead = glGetInteger(GL_COPY_READ_BUFFER_BINDING);
            int previousWrite = glGetInteger(GL_COPY_WRITE_BUFFER_BINDING);
            glBindBuffer(GL_COPY_READ_BUFFER, read == 0 ? staging : read);
            glBindBuffer(GL_COPY_WRITE_BUFFER, write == 0 ? staging : write);
            try {
                copy.run();
                GlErrors.checkGl(what + " (" + name + ")");
            } finally {
                glBindBuffer(GL_COPY_READ_BUFFER, previousRead);
                glBindBuffer(GL_COPY_WRITE_BUFFER, previousWrite);
            }
        });
    }


    @Override
    int glTexture() {
        return 0;
    }

    @Override
    int glBuffer() {
        return buffer;
    }

    @Override
    void deleteGlObjects() {
        for (int name : new int[] {staging, buffer}) {
            if (name != 0) {
                glDeleteBuffers(name);
                context.ledger().destroyed("buffer");
            }
        }
        staging = 0;
        buffer = 0;
    }
}
