package io.texlink.egl;

import io.texlink.Backend;
import io.texlink.FrameDescriptor;
import io.texlink.FrameType;
import io.texlink.TexlinkProtocolException;
import io.texlink.TexlinkUnsupportedException;
import io.texlink.backend.HostLayout;
import io.texlink.posix.Libc;
import io.texlink.posix.OwnedFd;
import io.texlink.vulkan.VulkanFrame;
import io.texlink.vulkan.VulkanImage;
import org.lwjgl.egl.EGL;
import org.lwjgl.opengles.GLES;
import org.lwjgl.opengles.GLES32;
import org.lwjgl.system.JNI;
import org.lwjgl.system.MemoryStack;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.function.Supplier;

import static org.lwjgl.egl.EGL10.EGL_HEIGHT;
import static org.lwjgl.egl.EGL10.EGL_NONE;
import static org.lwjgl.egl.EGL10.EGL_WIDTH;
import static org.lwjgl.egl.EGL10.EGL_NO_CONTEXT;
import static org.lwjgl.egl.EGL10.eglGetError;
import static org.lwjgl.egl.EXTImageDMABufImport.*;
import static org.lwjgl.egl.EXTImageDMABufImportModifiers.EGL_DMA_BUF_PLANE0_MODIFIER_HI_EXT;
import static org.lwjgl.egl.EXTImageDMABufImportModifiers.EGL_DMA_BUF_PLANE0_MODIFIER_LO_EXT;
import static org.lwjgl.egl.KHRGLTexture2DImage.EGL_GL_TEXTURE_2D_KHR;
import static org.lwjgl.egl.KHRGLTexture2DImage.EGL_GL_TEXTURE_LEVEL_KHR;
import static org.lwjgl.egl.KHRImageBase.EGL_NO_IMAGE_KHR;
import static org.lwjgl.egl.KHRImageBase.eglDestroyImageKHR;
import static org.lwjgl.egl.MESAImageDMABufExport.eglExportDMABUFImageMESA;
import static org.lwjgl.egl.MESAImageDMABufExport.eglExportDMABUFImageQueryMESA;
import static org.lwjgl.opengles.EXTMemoryObject.*;
import static org.lwjgl.opengles.GLES20.*;
import static org.lwjgl.opengles.GLES30.*;
import static org.lwjgl.opengles.OESEGLImage.glEGLImageTargetTexture2DOES;
import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.system.MemoryUtil.NULL;
import static org.lwjgl.system.MemoryUtil.memAddress;

/**
 * A shared GL texture: 2D ({@code GL_TEXTURE_2D}), 3D ({@code GL_TEXTURE_3D}) or cube
 * ({@code GL_TEXTURE_CUBE_MAP}), one mip level, in the sized internal format that matches the
 * producer's Vulkan format (R8 → {@code GL_R8}, ABGR/XBGR8888 → {@code GL_RGBA8}, ARGB/XRGB8888
 * → {@code GL_RGBA8} with red and blue swizzled for sampling, ABGR16161616F → {@code GL_RGBA16F}). Its filters are {@code GL_LINEAR}
 * (complete for sampling with one level). See {@link EglFrame} for where its memory comes from
 * and how frames are handed over.
 *
 * <p>Texel row 0 is the first row in memory; GL calls it the bottom row and Vulkan the top one,
 * hence {@link #mustFlipY()}. {@link #upload} and {@link #download} move rows as they are in
 * memory, without flipping.
 */
public final class EglTexture extends EglFrame {
    private final int target;
    private final boolean ownsTexture;
    private GlFormat format;
    private int texture;
    private int framebuffer;
    /** A GL_RGBA16UI copy of one layer, for reading half floats bit for bit; made on the first such read. */
    private int bitCopy;
    private Arena readBack;
    private MemorySegment rgba;

    private EglTexture(EglContext context, String name, Backend producer, FrameDescriptor descriptor, GlHandoff handoff,
                       VulkanFrame vulkan, boolean ownsTexture) {
        super(context, name + " (" + shapeText(descriptor) + ")", producer, descriptor, handoff, vulkan);
        this.target = switch (descriptor.type()) {
            case TEXTURE_3D -> GL_TEXTURE_3D;
            case TEXTURE_CUBE -> GL_TEXTURE_CUBE_MAP;
            case TEXTURE_2D -> GL_TEXTURE_2D;
            default -> throw new IllegalArgumentException(descriptor.type() + " is not a texture; use an EglBuffer");
        };
        this.ownsTexture = ownsTexture;
    }

    /**
     * A texture over OPAQUE_FD memory of {@code descriptor.size()} bytes, laid out as Vulkan lays
     * out an image of the descriptor's shape (optimal tiling where the stride is 0, else linear).
     * {@code handle} stays the caller's; {@code vulkan} (the Vulkan frame of the same memory) becomes
     * the texture's and is closed with it, also when this fails.
     */
    static EglTexture importMemory(EglContext context, String name, Backend producer, FrameDescriptor descriptor,
                                   OwnedFd handle, boolean dedicated, GlHandoff handoff, VulkanFrame vulkan) {
        EglTexture frame = new EglTexture(context, name, producer, descriptor, handoff, vulkan, true);
        try {
            frame.format = GlFormat.of(descriptor.format());
            context.run(() -> {
                int memory = frame.importMemory(handle, descriptor.size(), dedicated);
                frame.create(() -> {
                    boolean linear = descriptor.stride() != 0;
                    glTexParameteri(frame.target, GL_TEXTURE_TILING_EXT, linear ? GL_LINEAR_TILING_EXT : GL_OPTIMAL_TILING_EXT);
                    if (frame.target == GL_TEXTURE_3D) {
                        glTexStorageMem3DEXT(frame.target, 1, frame.format.internalFormat(), descriptor.width(),
                                descriptor.height(), descriptor.depth(), memory, 0);
                    } else {
                        glTexStorageMem2DEXT(frame.target, 1, frame.format.internalFormat(), descriptor.width(),
                                descriptor.height(), memory, 0);
                    }
                    String call = "glTexStorageMem" + (frame.target == GL_TEXTURE_3D ? "3D" : "2D") + "EXT";
                    if (linear) {
                        // GL cannot be told Vulkan's row pitch; NVIDIA 580 refuses every linear-tiled import this way.
                        GlErrors.checkGlSupported(call + " (" + frame.name + ", GL_LINEAR_TILING_EXT)", GL_INVALID_VALUE,
                                "import a linear-tiled texture", "its answer where its own linear layout does not fit the"
                                        + " producer's; have the producer share optimal-tiled textures (the default;"
                                        + " Vulkan: ImageTiling.OPTIMAL, texlink.vulkan.tiling=optimal)", context.capabilities());
                    }
                    return call;
                });
            });
            return frame;
        } catch (RuntimeException e) {
            frame.close();
            throw e;
        }
    }

    /**
     * A 2D texture over a producer's DMA-BUF ({@code EGL_EXT_image_dma_buf_import}, with the
     * descriptor's modifier through {@code EGL_EXT_image_dma_buf_import_modifiers} unless it is
     * {@code DRM_FORMAT_MOD_INVALID}). {@code handle} stays the caller's (EGL does not keep it).
     * Not exercised on any machine of this project: neither has DMA-BUF memory.
     *
     * @throws TexlinkProtocolException when the driver rejects the DMA-BUF as described
     */
    static EglTexture importDmaBuf(EglContext context, String name, Backend producer, FrameDescriptor descriptor,
                                   OwnedFd handle) {
        EglCapabilities caps = context.capabilities();
        GlErrors.require(caps.dmaBufImport(), "EGL_EXT_image_dma_buf_import and GL_OES_EGL_image",
                "importing a DMA-BUF", caps);
        if (descriptor.type() != FrameType.TEXTURE_2D || descriptor.stride() <= 0) {
            throw new TexlinkUnsupportedException(name + ": GL imports DMA-BUFs as 2D textures with a row pitch; the producer"
                    + " sent " + shapeText(descriptor) + ", stride " + descriptor.stride());
        }
        boolean explicitModifier = descriptor.modifier() != VulkanImage.DRM_FORMAT_MOD_INVALID;
        if (explicitModifier) {
            GlErrors.require(caps.hasEgl("EGL_EXT_image_dma_buf_import_modifiers"), "EGL_EXT_image_dma_buf_import_modifiers",
                    "importing a DMA-BUF with DRM format modifier 0x" + Long.toHexString(descriptor.modifier()), caps);
        }
        EglTexture frame = new EglTexture(context, name, producer, descriptor, new GlHandoff(context), null, true);
        try {
            frame.format = GlFormat.of(descriptor.format());
            context.run(() -> frame.importImage(descriptor, handle, explicitModifier));
            return frame;
        } catch (RuntimeException e) {
            frame.close();
            throw e;
        }
    }

    /** Makes an EGLImage of the DMA-BUF and the texture over it (in the context, on its thread). */
    private void importImage(FrameDescriptor descriptor, OwnedFd handle, boolean explicitModifier) {
        try (MemoryStack stack = stackPush()) {
            IntBuffer attributes = stack.mallocInt(17).put(new int[] {EGL_WIDTH, descriptor.width(), EGL_HEIGHT,
                    descriptor.height(), EGL_LINUX_DRM_FOURCC_EXT, descriptor.format().fourcc(), EGL_DMA_BUF_PLANE0_FD_EXT,
                    handle.fd(), EGL_DMA_BUF_PLANE0_OFFSET_EXT, 0, EGL_DMA_BUF_PLANE0_PITCH_EXT, descriptor.stride()});
            if (explicitModifier) {
                attributes.put(EGL_DMA_BUF_PLANE0_MODIFIER_LO_EXT).put((int) descriptor.modifier())
                        .put(EGL_DMA_BUF_PLANE0_MODIFIER_HI_EXT).put((int) (descriptor.modifier() >>> 32));
            }
            attributes.put(EGL_NONE).flip();
            // Through JNI: LWJGL's binding refuses the EGL_NO_CONTEXT and NULL buffer that a DMA-BUF import takes.
            long image = JNI.callPPPPP(context.display(), EGL_NO_CONTEXT, EGL_LINUX_DMA_BUF_EXT, NULL,
                    memAddress(attributes), EGL.getCapabilities().eglCreateImageKHR);
            if (image == EGL_NO_IMAGE_KHR) {
                throw new TexlinkProtocolException(name + ": eglCreateImageKHR (EGL_LINUX_DMA_BUF_EXT, modifier 0x"
                        + Long.toHexString(descriptor.modifier()) + ") failed with " + GlErrors.eglName(eglGetError())
                        + ": the driver rejects the DMA-BUF as the producer described it");
            }
            try {
                create(() -> {
                    glEGLImageTargetTexture2DOES(GL_TEXTURE_2D, image);
                    return "glEGLImageTargetTexture2DOES";
                });
            } finally {
                eglDestroyImageKHR(context.display(), image); // the texture keeps the memory
            }
        }
    }

    /**
     * A new 2D texture of {@code shape} exported as a DMA-BUF ({@code EGL_MESA_image_dma_buf_export}):
     * what C peers import. Not exercised on any machine of this project (no DMA-BUF there).
     */
    static EglTexture exportDmaBuf(EglContext context, String name, FrameDescriptor shape) {
        EglTexture frame = new EglTexture(context, name, Backend.EGL, shape, new GlHandoff(context), null, true);
        try {
            frame.format = GlFormat.of(shape.format());
            context.run(() -> frame.create(() -> {
                glTexStorage2D(GL_TEXTURE_2D, 1, frame.format.internalFormat(), shape.width(), shape.height());
                return "glTexStorage2D";
            }));
            return frame.exportAsDmaBuf();
        } catch (RuntimeException e) {
            frame.close();
            throw e;
        }
    }

    /**
     * Shares a 2D texture the application made, as a DMA-BUF ({@code EGL_MESA_image_dma_buf_export}),
     * for {@link EglFrameAllocator.Builder#existingTextures}. The texture must be immutable
     * ({@code glTexStorage2D}), one level, in the internal format that matches {@code shape}'s
     * pixel format, and its driver must export it as one plane at offset 0. The texture stays
     * the application's: close the frame (or the server) before deleting it.
     *
     * <p>OPAQUE_FD memory cannot be made from an existing texture (GL exports no memory objects):
     * where there is no DMA-BUF (headless NVIDIA), render into the textures of an OPAQUE_FD
     * {@link EglFrameAllocator} instead. Not exercised on any machine of this project.
     *
     * @throws TexlinkUnsupportedException where the display cannot export DMA-BUFs or the driver
     *                                     exports another layout
     */
    public static EglTexture wrap(EglContext context, int texture, FrameDescriptor shape) {
        if (shape.type() != FrameType.TEXTURE_2D) {
            throw new TexlinkUnsupportedException("only 2D textures export as DMA-BUFs; got " + shapeText(shape));
        }
        EglTexture frame = new EglTexture(context, "application texture " + texture, Backend.EGL, shape,
                new GlHandoff(context), null, false);
        try {
            frame.format = GlFormat.of(shape.format());
            frame.texture = texture;
            return frame.exportAsDmaBuf();
        } catch (RuntimeException e) {
            frame.close();
            throw e;
        }
    }

    /** Exports {@link #texture} through an EGLImage and takes the DMA-BUF's layout as the descriptor. */
    private EglTexture exportAsDmaBuf() {
        EglCapabilities caps = context.capabilities();
        GlErrors.require(caps.dmaBufExport(), "EGL_MESA_image_dma_buf_export and EGL_KHR_gl_texture_2D_image",
                "exporting a texture as a DMA-BUF", caps);
        context.run(this::exportImage);
        return this;
    }

    /** Exports {@link #texture} through an EGLImage (in the context, on its thread). */
    private void exportImage() {
        try (MemoryStack stack = stackPush()) {
            long image = JNI.callPPPPP(context.display(), context.context(), EGL_GL_TEXTURE_2D_KHR,
                    (long) texture, memAddress(stack.ints(EGL_GL_TEXTURE_LEVEL_KHR, 0, EGL_NONE)),
                    EGL.getCapabilities().eglCreateImageKHR);
            if (image == EGL_NO_IMAGE_KHR) {
                throw GlErrors.eglFailure("eglCreateImageKHR (EGL_GL_TEXTURE_2D_KHR, " + name + ")");
            }
            IntBuffer fourcc = stack.mallocInt(1);
            IntBuffer planes = stack.mallocInt(1);
            LongBuffer modifiers = stack.mallocLong(4);
            IntBuffer fds = stack.ints(-1, -1, -1, -1);
            IntBuffer strides = stack.mallocInt(4);
            IntBuffer offsets = stack.mallocInt(4);
            try {
                if (!eglExportDMABUFImageQueryMESA(context.display(), image, fourcc, planes, modifiers)) {
                    throw GlErrors.eglFailure("eglExportDMABUFImageQueryMESA (" + name + ")");
                }
                if (planes.get(0) != 1 || fourcc.get(0) != descriptor().format().fourcc()) {
                    throw new TexlinkUnsupportedException(name + ": the driver exports it as " + planes.get(0)
                            + " planes of fourcc 0x" + Integer.toHexString(fourcc.get(0)) + "; a texlink descriptor says one plane of "
                            + descriptor().format());
                }
                if (!eglExportDMABUFImageMESA(context.display(), image, fds, strides, offsets)) {
                    throw GlErrors.eglFailure("eglExportDMABUFImageMESA (" + name + ")");
                }
            } finally {
                eglDestroyImageKHR(context.display(), image); // the DMA-BUF keeps the memory
            }
            exported = new OwnedFd(fds.get(0));
            if (offsets.get(0) != 0) {
                throw new TexlinkUnsupportedException(name + ": the driver places the texels at offset " + offsets.get(0)
                        + ", which a descriptor cannot say");
            }
            FrameDescriptor shape = descriptor();
            describe(new FrameDescriptor(FrameType.TEXTURE_2D, shape.width(), shape.height(), 1, strides.get(0),
                    shape.format(), modifiers.get(0), Libc.seekEnd(exported.fd())));
        }
    }

    /** Creates {@link #texture}, binds it, runs {@code storage} (which returns the call's name for errors), sets its filters. */
    private void create(Supplier<String> storage) {
        texture = glGenTextures();
        context.ledger().created("texture");
        int previous = glGetInteger(binding());
        glBindTexture(target, texture);
        try {
            String call = storage.get();
            GlErrors.checkGl(call + " (" + name + ", internal format 0x" + Integer.toHexString(format.internalFormat()) + ")");
            glTexParameteri(target, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
            glTexParameteri(target, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
            if (format.swapRedBlue()) {
                glTexParameteri(target, GL_TEXTURE_SWIZZLE_R, GL_BLUE);
                glTexParameteri(target, GL_TEXTURE_SWIZZLE_B, GL_RED);
            }
        } finally {
            glBindTexture(target, previous);
        }
    }

    private int binding() {
        return switch (target) {
            case GL_TEXTURE_3D -> GL_TEXTURE_BINDING_3D;
            case GL_TEXTURE_CUBE_MAP -> GL_TEXTURE_BINDING_CUBE_MAP;
            default -> GL_TEXTURE_BINDING_2D;
        };
    }

    private static String shapeText(FrameDescriptor d) {
        return d.type() + " " + d.width() + "x" + d.height() + (d.type() == FrameType.TEXTURE_3D ? "x" + d.depth() : "")
                + " " + d.format() + (d.stride() == 0 ? " OPTIMAL" : " stride " + d.stride());
    }

    // ---- moving texels

    /** The GL texture name. */
    public int texture() {
        return texture;
    }

    /** {@code GL_TEXTURE_2D}, {@code GL_TEXTURE_3D} or {@code GL_TEXTURE_CUBE_MAP}. */
    public int target() {
        return target;
    }

    /** The sized internal format, e.g. {@code GL_RGBA8}. */
    public int internalFormat() {
        return format.internalFormat();
    }

    /** The shape of {@link #upload}'s and {@link #download}'s host copy: tightly packed rows, layer after layer. */
    public FrameDescriptor hostDescriptor() {
        return HostLayout.of(descriptor());
    }

    /** Bytes of {@link #hostDescriptor()}. */
    public long hostSize() {
        return hostDescriptor().size();
    }

    private long layerBytes() {
        FrameDescriptor d = descriptor();
        return (long) d.width() * d.height() * d.format().bytesPerPixel();
    }

    private int layers() {
        FrameDescriptor d = descriptor();
        return d.type() == FrameType.TEXTURE_3D ? d.depth() : d.type() == FrameType.TEXTURE_CUBE ? 6 : 1;
    }

    /**
     * Copies {@code contents} ({@link #hostSize()} bytes of native memory, tightly packed rows,
     * layer after layer; cube faces in GL's order +X, -X, +Y, -Y, +Z, -Z) into the texture with
     * {@code glTexSubImage*}. GL copies the bytes before it returns; the GPU writes later, in order
     * with the context's other commands.
     */
    public void upload(MemorySegment contents) {
        requireHostSize(contents);
        FrameDescriptor d = descriptor();
        context.run(() -> {
            int previous = glGetInteger(binding());
            int alignment = glGetInteger(GL_UNPACK_ALIGNMENT);
            int unpackBuffer = glGetInteger(GL_PIXEL_UNPACK_BUFFER_BINDING);
            glBindBuffer(GL_PIXEL_UNPACK_BUFFER, 0);
            glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
            glBindTexture(target, texture);
            try {
                long address = contents.address();
                if (target == GL_TEXTURE_3D) {
                    nglTexSubImage3D(target, 0, 0, 0, 0, d.width(), d.height(), d.depth(), format.format(), format.type(), address);
                } else {
                    for (int layer = 0; layer < layers(); layer++) {
                        int face = target == GL_TEXTURE_CUBE_MAP ? GL_TEXTURE_CUBE_MAP_POSITIVE_X + layer : target;
                        nglTexSubImage2D(face, 0, 0, 0, d.width(), d.height(), format.format(), format.type(),
                                address + layer * layerBytes());
                    }
                }
                GlErrors.checkGl("glTexSubImage (" + name + ")");
            } finally {
                glBindTexture(target, previous);
                glPixelStorei(GL_UNPACK_ALIGNMENT, alignment);
                glBindBuffer(GL_PIXEL_UNPACK_BUFFER, unpackBuffer);
            }
        });
    }

    /**
     * Copies the texture into {@code destination} ({@link #hostSize()} bytes of native memory, laid
     * out as for {@link #upload}) through a framebuffer and {@code glReadPixels}, and returns when
     * the bytes are there (after GL's earlier commands, including the wait of an acquired frame).
     * Every format comes back bit for bit where GL has {@code glCopyImageSubData} (OpenGL ES 3.2):
     * half floats are copied into an unsigned-integer texture of the same texel size and read as
     * integers, because a read as floats turns NaN payloads into GL's canonical NaN (NVIDIA does).
     * Without it, half floats travel through {@code float} and NaNs may change.
     *
     * @throws TexlinkUnsupportedException when GL cannot attach the texture to a framebuffer
     */
    public void download(MemorySegment destination) {
        requireHostSize(destination);
        FrameDescriptor d = descriptor();
        MemorySegment pixels = anyThreadView(destination);
        context.run(() -> {
            int previousFramebuffer = glGetInteger(GL_READ_FRAMEBUFFER_BINDING);
            int alignment = glGetInteger(GL_PACK_ALIGNMENT);
            int packBuffer = glGetInteger(GL_PIXEL_PACK_BUFFER_BINDING);
            if (framebuffer == 0) {
                framebuffer = glGenFramebuffers();
                context.ledger().created("framebuffer");
            }
            glBindFramebuffer(GL_READ_FRAMEBUFFER, framebuffer);
            glBindBuffer(GL_PIXEL_PACK_BUFFER, 0);
            glPixelStorei(GL_PACK_ALIGNMENT, 1);
            try {
                for (int layer = 0; layer < layers(); layer++) {
                    if (target == GL_TEXTURE_3D) {
                        glFramebufferTextureLayer(GL_READ_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, texture, 0, layer);
                    } else {
                        glFramebufferTexture2D(GL_READ_FRAMEBUFFER, GL_COLOR_ATTACHMENT0,
                                target == GL_TEXTURE_CUBE_MAP ? GL_TEXTURE_CUBE_MAP_POSITIVE_X + layer : target, texture, 0);
                    }
                    int status = glCheckFramebufferStatus(GL_READ_FRAMEBUFFER);
                    if (status != GL_FRAMEBUFFER_COMPLETE) {
                        throw new TexlinkUnsupportedException(name + ": GL cannot read it back (framebuffer status 0x"
                                + Integer.toHexString(status) + " for internal format 0x"
                                + Integer.toHexString(format.internalFormat()) + ")");
                    }
                    readLayer(pixels.asSlice(layer * layerBytes(), layerBytes()), layer, d.width(), d.height());
                }
                GlErrors.checkGl("glReadPixels (" + name + ")");
            } finally {
                glBindFramebuffer(GL_READ_FRAMEBUFFER, previousFramebuffer);
                glPixelStorei(GL_PACK_ALIGNMENT, alignment);
                glBindBuffer(GL_PIXEL_PACK_BUFFER, packBuffer);
            }
        });
    }

    /**
     * Reads layer {@code index}, attached to the read framebuffer, into {@code layer}, in the pixel
     * format's byte order (framebuffer reads ignore swizzles).
     */
    private void readLayer(MemorySegment layer, int index, int width, int height) {
        if (format.internalFormat() == GL_RGBA8) {
            nglReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, layer.address());
            return;
        }
        long texels = (long) width * height;
        if (format.internalFormat() == GL_RGBA16F && GLES.getCapabilities().glCopyImageSubData != NULL) {
            readHalfFloatBits(layer, index, width, height);
            return;
        }
        // Every 8-bit normalized color buffer reads as GL_RGBA/GL_UNSIGNED_BYTE, every float one as GL_RGBA/GL_FLOAT (ES 3.2, 16.1.2).
        if (format.internalFormat() == GL_R8) {
            MemorySegment read = readBuffer(texels * 4);
            nglReadPixels(0, 0, width, height, GL_RGBA, GL_UNSIGNED_BYTE, read.address());
            for (long texel = 0; texel < texels; texel++) {
                layer.set(ValueLayout.JAVA_BYTE, texel, read.get(ValueLayout.JAVA_BYTE, texel * 4));
            }
            return;
        }
        MemorySegment read = readBuffer(texels * 16);
        nglReadPixels(0, 0, width, height, GL_RGBA, GL_FLOAT, read.address());
        for (long i = 0; i < texels * 4; i++) {
            layer.set(ValueLayout.JAVA_SHORT_UNALIGNED, i * 2, Float.floatToFloat16(read.get(ValueLayout.JAVA_FLOAT_UNALIGNED, i * 4)));
        }
    }

    /**
     * Copies layer {@code index} into {@link #bitCopy} ({@code glCopyImageSubData} copies texel
     * bits between formats of one size class) and reads it as unsigned integers, the read pair
     * every unsigned-integer color buffer allows (GL_RGBA_INTEGER/GL_UNSIGNED_INT).
     */
    private void readHalfFloatBits(MemorySegment layer, int index, int width, int height) {
        if (bitCopy == 0) {
            int previous = glGetInteger(GL_TEXTURE_BINDING_2D);
            bitCopy = glGenTextures();
            context.ledger().created("texture");
            glBindTexture(GL_TEXTURE_2D, bitCopy);
            glTexStorage2D(GL_TEXTURE_2D, 1, GL_RGBA16UI, width, height);
            glBindTexture(GL_TEXTURE_2D, previous);
            GlErrors.checkGl("glTexStorage2D (GL_RGBA16UI copy of " + name + ")");
        }
        // Cube faces and 3D slices are the source's layers (z) for glCopyImageSubData.
        GLES32.glCopyImageSubData(texture, target, 0, 0, 0, target == GL_TEXTURE_2D ? 0 : index,
                bitCopy, GL_TEXTURE_2D, 0, 0, 0, 0, width, height, 1);
        GlErrors.checkGl("glCopyImageSubData (" + name + " to its GL_RGBA16UI copy)");
        glFramebufferTexture2D(GL_READ_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_TEXTURE_2D, bitCopy, 0);
        long channels = (long) width * height * 4;
        MemorySegment read = readBuffer(channels * 4);
        nglReadPixels(0, 0, width, height, GL_RGBA_INTEGER, GL_UNSIGNED_INT, read.address());
        for (long i = 0; i < channels; i++) {
            layer.set(ValueLayout.JAVA_SHORT_UNALIGNED, i * 2, (short) read.get(ValueLayout.JAVA_INT_UNALIGNED, i * 4));
        }
    }

    private MemorySegment readBuffer(long bytes) {
        if (rgba == null || rgba.byteSize() < bytes) {
            if (readBack != null) {
                readBack.close();
            }
            readBack = Arena.ofShared();
            rgba = readBack.allocate(bytes, 16);
        }
        return rgba;
    }


    @Override
    int glTexture() {
        return texture;
    }

    @Override
    int glBuffer() {
        return 0;
    }

    @Override
    void deleteGlObjects() {
        if (bitCopy != 0) {
            glDeleteTextures(bitCopy);
            context.ledger().destroyed("texture");
            bitCopy = 0;
        }
        if (framebuffer != 0) {
            glDeleteFramebuffers(framebuffer);
            context.ledger().destroyed("framebuffer");
            framebuffer = 0;
        }
        if (texture != 0 && ownsTexture) {
            glDeleteTextures(texture);
            context.ledger().destroyed("texture");
        }
        texture = 0;
        if (readBack != null) {
            readBack.close();
            readBack = null;
        }
    }
}
