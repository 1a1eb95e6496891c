package io.texlink.egl;

import io.texlink.TexlinkResourceException;
import io.texlink.TexlinkUnsupportedException;
import io.texlink.backend.DeviceIdentity;
import io.texlink.lifecycle.NativeObjectLedger;
import io.texlink.lifecycle.OwnerThread;
import io.texlink.lifecycle.ShutdownCloser;
import io.texlink.vulkan.VulkanContext;
import org.lwjgl.PointerBuffer;
import org.lwjgl.egl.EGL;
import org.lwjgl.opengles.GLES;
import org.lwjgl.opengles.GLESCapabilities;
import org.lwjgl.system.JNI;
import org.lwjgl.system.MemoryStack;

import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.IntBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import static org.lwjgl.egl.EGL10.*;
import static org.lwjgl.egl.EGL12.EGL_RENDERABLE_TYPE;
import static org.lwjgl.egl.EGL12.eglBindAPI;
import static org.lwjgl.egl.EGL12.eglQueryAPI;
import static org.lwjgl.egl.EGL12.eglReleaseThread;
import static org.lwjgl.egl.EGL14.EGL_OPENGL_ES_API;
import static org.lwjgl.egl.EGL15.EGL_CONTEXT_MAJOR_VERSION;
import static org.lwjgl.egl.EGL15.EGL_OPENGL_ES3_BIT;
import static org.lwjgl.egl.EGL13.EGL_CONTEXT_CLIENT_TYPE;
import static org.lwjgl.egl.EGL14.eglGetCurrentContext;
import static org.lwjgl.egl.EXTDeviceEnumeration.eglQueryDevicesEXT;
import static org.lwjgl.egl.EXTDeviceQuery.eglQueryDeviceStringEXT;
import static org.lwjgl.egl.EXTPlatformDevice.EGL_PLATFORM_DEVICE_EXT;
import static org.lwjgl.opengles.EXTMemoryObject.GL_DEVICE_UUID_EXT;
import static org.lwjgl.opengles.EXTMemoryObject.GL_DRIVER_UUID_EXT;
import static org.lwjgl.opengles.EXTMemoryObject.glGetUnsignedBytei_vEXT;
import static org.lwjgl.opengles.EXTMemoryObject.glGetUnsignedBytevEXT;
import static org.lwjgl.opengles.GLES20.*;
import static org.lwjgl.opengles.GLES30.GL_MAJOR_VERSION;
import static org.lwjgl.opengles.GLES30.GL_NUM_EXTENSIONS;
import static org.lwjgl.opengles.GLES30.glGetStringi;
import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.system.MemoryUtil.NULL;

/**
 * An EGL display and an OpenGL ES 3 context without any surface: created headless by texlink
 * ({@link #create}) or the application's own ({@link #wrap}). Texlink's GL textures, buffers and
 * semaphores ({@link EglFrame}) live in it.
 *
 * <h2>Threading</h2>
 * An EGL context is current on at most one thread at a time. For a context texlink creates
 * ({@link #create}), every EGL and GL call texlink makes (creation, imports, {@link EglTexture#upload},
 * {@code beginRead}, close...) runs on one thread of texlink's, {@code texlink-egl}, which makes the
 * context current for the call and releases it afterwards; the calling thread waits. No
 * application thread gets EGL state from texlink, which is what lets a JVM on NVIDIA's driver exit
 * cleanly (see {@link #releaseThread()}). For the application's context ({@link #wrap}), texlink's
 * calls run on the calling thread: where the context is already current there (the application's
 * render thread), they use it as it is; where no context or another one is current, texlink makes
 * this one current for the call and puts the thread's previous context (and bound API) back
 * afterwards. Either way, where the context is current on another thread, a call fails with a
 * {@link TexlinkResourceException} ({@code EGL_BAD_ACCESS}): {@link #releaseCurrent()} it there
 * first. Texlink's own calls are serialized by a lock.
 *
 * <h2>Ownership and teardown</h2>
 * {@link #close()} first closes the texlink objects still open on the context (newest first),
 * then, for a created context, destroys the context and terminates the display. Created contexts
 * are registered with {@link ShutdownCloser}: on NVIDIA a JVM that exits with an initialized EGL
 * display crashes in {@code libEGL_nvidia}. EGL returns the same display handle for every
 * {@code eglGetPlatformDisplay} of a device in a process, and {@code eglTerminate} ends every
 * context on it, so texlink counts its own users of a display and terminates it when the last one
 * closes; an application that has its own display on the same device should {@link #wrap} its
 * context instead of creating one. A wrapped context and display are never destroyed by texlink.
 *
 * <p>Every GL object texlink makes is booked in a ledger ({@link #liveObjects()}), so tests and
 * operators can see leaks.
 */
public final class EglContext implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(EglContext.class.getName());
    /** {@code EGL_PLATFORM_SURFACELESS_MESA} (EGL_MESA_platform_surfaceless); LWJGL 3.4.3 has no constant for it. */
    static final int EGL_PLATFORM_SURFACELESS_MESA = 0x31DD;
    /**
     * The thread that makes every EGL and GL call of the contexts texlink creates, from their
     * creation to their destruction, and releases its EGL state when the last one is gone (see
     * {@link #releaseThreadOnceNoDisplayIsLeft()}): application threads never get EGL state from
     * texlink, so none is left at exit.
     */
    private static final OwnerThread EGL_THREAD = OwnerThread.named("texlink-egl");
    /** The Vulkan context of each GPU that the application's contexts share ({@link #vulkan}). */
    private static final Map<DeviceIdentity, VulkanContext> APPLICATION_CONTEXTS_VULKAN = new HashMap<>();
    /** Texlink's users of each display it initialized (see the class comment). */
    private static final Map<Long, Integer> DISPLAY_USERS = new HashMap<>();

    /** Where {@link #create} looks for a display. */
    public enum Platform {
        /** The device platform, then Mesa's surfaceless platform. */
        AUTO,
        /** {@code EGL_EXT_platform_device}: one display per GPU (NVIDIA, Mesa), chosen by UUID where asked. */
        DEVICE,
        /** {@code EGL_MESA_platform_surfaceless}: Mesa's default GPU (or llvmpipe). */
        SURFACELESS
    }

    /**
     * How texlink creates a context.
     *
     * @param platform where to look for a display
     * @param device   the GPU to use, by identity (e.g. the producer's, on a consumer); empty: the
     *                 first display that gives an OpenGL ES 3 context
     */
    public record Options(Platform platform, Optional<DeviceIdentity> device) {
        public Options {
            platform = platform == null ? Platform.AUTO : platform;
            device = device == null ? Optional.empty() : device;
        }

        /** AUTO platform, any device. */
        public static Options defaults() {
            return new Options(Platform.AUTO, Optional.empty());
        }

        public Options withPlatform(Platform value) {
            return new Options(value, device);
        }

        public Options withDevice(DeviceIdentity value) {
            return new Options(platform, Optional.of(value));
        }
    }

    private final long display;
    private final long context;
    private final boolean owned;
    private final GLESCapabilities gles;
    private final EglCapabilities capabilities;
    private final NativeObjectLedger ledger;
    private final ReentrantLock lock = new ReentrantLock();
    /** The Vulkan context of this context's GPU that texlink's allocators and importers share; made on first use. */
    private VulkanContext vulkan;
    /** Set once the context is destroyed (or released, when wrapped): texlink makes no GL call after it. */
    private volatile boolean released;

    private EglContext(long display, long context, boolean owned, String platform, Set<String> clientExtensions) {
        this.display = display;
        this.context = context;
        this.owned = owned;
        String eglVersion = eglQueryString(display, EGL_VERSION) + " " + eglQueryString(display, EGL_VENDOR);
        Set<String> displayExtensions = words(eglQueryString(display, EGL_EXTENSIONS));
        Previous previous = bind(null);
        try {
            this.gles = GLES.createCapabilities();
            int major = glGetInteger(GL_MAJOR_VERSION);
            String version = glGetString(GL_VERSION);
            if (glGetError() != GL_NO_ERROR || major < 3) {
                throw new TexlinkUnsupportedException("the EGL context is " + version + "; texlink needs OpenGL ES 3.0 or later");
            }
            Set<String> glExtensions = new HashSet<>();
            for (int i = 0, n = glGetInteger(GL_NUM_EXTENSIONS); i < n; i++) {
                glExtensions.add(glGetStringi(GL_EXTENSIONS, i));
            }
            Optional<DeviceIdentity> identity = Optional.empty();
            if (gles.GL_EXT_memory_object || gles.GL_EXT_semaphore) {
                try (MemoryStack stack = stackPush()) {
                    ByteBuffer device = stack.calloc(16);
                    ByteBuffer driver = stack.calloc(16);
                    glGetUnsignedBytei_vEXT(GL_DEVICE_UUID_EXT, 0, device);
                    glGetUnsignedBytevEXT(GL_DRIVER_UUID_EXT, driver);
                    GlErrors.checkGl("glGetUnsignedBytevEXT (GL_DEVICE_UUID_EXT, GL_DRIVER_UUID_EXT)");
                    identity = Optional.of(new DeviceIdentity(bytes(device), bytes(driver)));
                }
            }
            this.capabilities = new EglCapabilities(platform, eglVersion, glGetString(GL_RENDERER), version,
                    clientExtensions, displayExtensions, glExtensions, identity);
        } finally {
            restore(previous);
        }
        this.ledger = new NativeObjectLedger(LOG, "texlink egl", "EGL context", capabilities.renderer());
    }

    /**
     * Opens a display on the platform {@code options} name (the device platform first, for AUTO),
     * on the GPU they name if any, and creates an OpenGL ES 3 context on it with no surface.
     *
     * @throws TexlinkUnsupportedException when there is no EGL library, no such display, or no
     *                                     OpenGL ES 3 context on it; the message lists what was tried
     */
    public static EglContext create(Options options) {
        return EGL_THREAD.call(() -> {
            Set<String> client = clientExtensions(); // first: it proves that there is an EGL library
            try {
                return find(options, client);
            } finally {
                releaseThreadOnceNoDisplayIsLeft(); // the queries and eglInitialize gave the thread EGL state
            }
        });
    }

    private static EglContext find(Options options, Set<String> client) {
        List<String> tried = new ArrayList<>();
        if (options.platform() != Platform.SURFACELESS) {
            // EGL_EXT_device_base is EGL_EXT_device_enumeration and _query in one; NVIDIA 580 advertises only it.
            boolean enumeration = client.contains("EGL_EXT_device_enumeration") || client.contains("EGL_EXT_device_base");
            if (client.contains("EGL_EXT_platform_device") && enumeration) {
                for (long device : devices()) {
                    String name = "EGL device platform, device " + tried.size() + " ("
                            + eglQueryDeviceStringEXT(device, EGL_EXTENSIONS) + ")";
                    EglContext found = open(EGL_PLATFORM_DEVICE_EXT, device, name, client, options, tried);
                    if (found != null) {
                        return found;
                    }
                }
            } else {
                tried.add("no EGL device platform (the client extensions lack EGL_EXT_platform_device, or both"
                        + " EGL_EXT_device_enumeration and EGL_EXT_device_base)");
            }
        }
        if (options.platform() != Platform.DEVICE) {
            if (client.contains("EGL_MESA_platform_surfaceless")) {
                EglContext found = open(EGL_PLATFORM_SURFACELESS_MESA, NULL, "Mesa surfaceless platform", client, options, tried);
                if (found != null) {
                    return found;
                }
            } else {
                tried.add("no Mesa surfaceless platform (no EGL_MESA_platform_surfaceless)");
            }
        }
        throw new TexlinkUnsupportedException("no EGL display gives an OpenGL ES 3 context"
                + options.device().map(d -> " on the GPU " + d).orElse("") + "; tried: " + String.join("; ", tried)
                + ". EGL client extensions: " + String.join(" ", client));
    }

    /** {@link #create(Options)} with {@link Options#defaults()}. */
    public static EglContext create() {
        return create(Options.defaults());
    }

    /**
     * Uses the application's display and OpenGL ES context (created with
     * {@code eglBindAPI(EGL_OPENGL_ES_API)}, version 3.0 or later). Texlink never destroys them; the
     * application closes this object (and with it texlink's GL objects) before it destroys the
     * context. See the class comment for how texlink makes it current.
     *
     * @throws TexlinkUnsupportedException when the context is not an OpenGL ES 3 context
     */
    public static EglContext wrap(long display, long context) {
        Set<String> client = clientExtensions();
        try (MemoryStack stack = stackPush()) {
            IntBuffer api = stack.mallocInt(1);
            if (!eglQueryContext(display, context, EGL_CONTEXT_CLIENT_TYPE, api)) {
                throw GlErrors.eglFailure("eglQueryContext (EGL_CONTEXT_CLIENT_TYPE of the application's context)");
            }
            if (api.get(0) != EGL_OPENGL_ES_API) {
                throw new TexlinkUnsupportedException("the application's EGL context is not an OpenGL ES context (client type 0x"
                        + Integer.toHexString(api.get(0)) + "); texlink's EGL backend uses OpenGL ES 3: create the context"
                        + " after eglBindAPI(EGL_OPENGL_ES_API), or let texlink create its own");
            }
        }
        return new EglContext(display, context, false, "application's display", client);
    }

    /** Client extensions; also what proves that an EGL library is there. */
    private static Set<String> clientExtensions() {
        try {
            EGL.getCapabilities();
            return words(eglQueryString(EGL_NO_DISPLAY, EGL_EXTENSIONS));
        } catch (RuntimeException | LinkageError e) {
            throw new TexlinkUnsupportedException("no EGL library here (" + e.getMessage()
                    + "); install libegl1 and a driver (Mesa: libegl-mesa0 libgles2)", e);
        }
    }

    private static List<Long> devices() {
        try (MemoryStack stack = stackPush()) {
            IntBuffer count = stack.mallocInt(1);
            if (!eglQueryDevicesEXT(null, count)) {
                throw GlErrors.eglFailure("eglQueryDevicesEXT");
            }
            PointerBuffer handles = stack.mallocPointer(count.get(0));
            if (!eglQueryDevicesEXT(handles, count)) {
                throw GlErrors.eglFailure("eglQueryDevicesEXT");
            }
            List<Long> devices = new ArrayList<>();
            for (int i = 0; i < count.get(0); i++) {
                devices.add(handles.get(i));
            }
            return devices;
        }
    }

    /**
     * Initializes the display of {@code platform}/{@code nativeDisplay} and creates a context on it;
     * null (with the reason added to {@code tried}) where that fails or it is not the wanted GPU.
     */
    private static EglContext open(int platform, long nativeDisplay, String name, Set<String> client, Options options,
                                   List<String> tried) {
        // Through JNI: LWJGL's binding refuses the NULL native display that the surfaceless platform takes.
        long display = JNI.callPPP(platform, nativeDisplay, NULL, EGL.getCapabilities().eglGetPlatformDisplayEXT);
        if (display == EGL_NO_DISPLAY) {
            tried.add(name + ": eglGetPlatformDisplayEXT failed with " + GlErrors.eglName(eglGetError()));
            return null;
        }
        synchronized (DISPLAY_USERS) {
            if (!DISPLAY_USERS.containsKey(display) && !eglInitialize(display, (IntBuffer) null, null)) {
                tried.add(name + ": eglInitialize failed with " + GlErrors.eglName(eglGetError()));
                return null;
            }
            DISPLAY_USERS.merge(display, 1, Integer::sum);
        }
        long context = EGL_NO_CONTEXT;
        try {
            if (!words(eglQueryString(display, EGL_EXTENSIONS)).contains("EGL_KHR_surfaceless_context")) {
                tried.add(name + ": no EGL_KHR_surfaceless_context");
                releaseDisplay(display);
                return null;
            }
            context = createContext(display);
            EglContext created = new EglContext(display, context, true, name, client);
            Optional<DeviceIdentity> identity = created.capabilities.identity();
            if (options.device().isPresent() && !options.device().equals(identity)) {
                tried.add(name + ": " + created.capabilities.renderer() + " is "
                        + identity.map(DeviceIdentity::toString).orElse("a GPU of unknown UUID (no GL_EXT_memory_object)"));
                created.close();
                return null;
            }
            ShutdownCloser.closeAtExit(created);
            LOG.log(Level.INFO, "texlink egl: {0}", created.capabilities.summary());
            return created;
        } catch (TexlinkUnsupportedException | TexlinkResourceException e) {
            tried.add(name + ": " + e.getMessage());
            if (context != EGL_NO_CONTEXT) {
                eglDestroyContext(display, context);
            }
            releaseDisplay(display);
            return null;
        }
    }

    private static long createContext(long display) {
        try (MemoryStack stack = stackPush()) {
            PointerBuffer config = stack.mallocPointer(1);
            IntBuffer count = stack.mallocInt(1);
            // Surface type 0: any config; the context never gets a surface (EGL_KHR_surfaceless_context).
            if (!eglChooseConfig(display, stack.ints(EGL_RENDERABLE_TYPE, EGL_OPENGL_ES3_BIT, EGL_SURFACE_TYPE, 0, EGL_NONE),
                    config, count) || count.get(0) == 0) {
                throw new TexlinkUnsupportedException("no EGL config renders OpenGL ES 3 ("
                        + GlErrors.eglName(eglGetError()) + ")");
            }
            int api = eglQueryAPI();
            eglBindAPI(EGL_OPENGL_ES_API);
            try {
                long context = eglCreateContext(display, config.get(0), EGL_NO_CONTEXT,
                        stack.ints(EGL_CONTEXT_MAJOR_VERSION, 3, EGL_NONE));
                if (context == EGL_NO_CONTEXT) {
                    throw GlErrors.eglFailure("eglCreateContext (OpenGL ES 3)");
                }
                return context;
            } finally {
                eglBindAPI(api);
            }
        }
    }

    /** One texlink user of {@code display} fewer; the last one terminates it. */
    private static void releaseDisplay(long display) {
        synchronized (DISPLAY_USERS) {
            if (DISPLAY_USERS.merge(display, -1, Integer::sum) == 0) {
                DISPLAY_USERS.remove(display);
                if (!eglTerminate(display)) {
                    LOG.log(Level.WARNING, "texlink egl: eglTerminate failed: {0}", GlErrors.eglName(eglGetError()));
                }
            }
        }
    }

    // ---- making it current

    /** What was current on this thread before texlink's call; {@code switched} false when this context already was. */
    private record Previous(int api, long display, long draw, long read, long context, GLESCapabilities gles,
                            boolean switched) {
    }

    /** Makes this context current on the calling thread with {@code capabilities} (null: none yet). */
    private Previous bind(GLESCapabilities capabilities) {
        int api = eglQueryAPI();
        if (api != EGL_OPENGL_ES_API) {
            eglBindAPI(EGL_OPENGL_ES_API);
        }
        long current = eglGetCurrentContext();
        Previous previous = new Previous(api, eglGetCurrentDisplay(), eglGetCurrentSurface(EGL_DRAW),
                eglGetCurrentSurface(EGL_READ), current, currentGles(), current != context);
        if (previous.switched() && !eglMakeCurrent(display, EGL_NO_SURFACE, EGL_NO_SURFACE, context)) {
            int error = eglGetError();
            if (api != EGL_OPENGL_ES_API) {
                eglBindAPI(api);
            }
            throw new TexlinkResourceException("eglMakeCurrent failed with " + GlErrors.eglName(error)
                    + (error == EGL_BAD_ACCESS ? ": the EGL context is current on another thread. texlink makes it current on"
                    + " the calling thread for its GL calls: call texlink from the thread that renders, or release the context"
                    + " there first (EglContext.releaseCurrent)" : ""));
        }
        if (capabilities != null) {
            GLES.setCapabilities(capabilities);
        }
        return previous;
    }

    private void restore(Previous previous) {
        if (previous.switched()) {
            if (previous.context() != EGL_NO_CONTEXT) {
                eglMakeCurrent(previous.display(), previous.draw(), previous.read(), previous.context());
            } else if (!eglMakeCurrent(display, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT)) {
                LOG.log(Level.WARNING, "texlink egl: releasing {0} after a call failed: {1}", this,
                        GlErrors.eglName(eglGetError()));
            }
            GLES.setCapabilities(previous.gles());
        }
        if (previous.api() != EGL_OPENGL_ES_API && previous.api() != EGL_NONE) {
            eglBindAPI(previous.api());
        }
    }

    private static GLESCapabilities currentGles() {
        try {
            return GLES.getCapabilities();
        } catch (IllegalStateException none) {
            return null;
        }
    }

    /**
     * Runs texlink's GL calls {@code work} with this context current on the calling thread (see
     * the class comment), after discarding GL errors recorded before.
     *
     * @throws IllegalStateException    when the context is closed
     * @throws TexlinkResourceException when the context is current on another thread
     */
    <T> T call(Supplier<T> work) {
        return owned ? EGL_THREAD.call(() -> callHere(work)) : callHere(work);
    }

    private <T> T callHere(Supplier<T> work) {
        lock.lock();
        try {
            if (released) {
                throw new IllegalStateException("the EGL context on " + capabilities.renderer() + " is closed");
            }
            Previous previous = bind(gles);
            try {
                GlErrors.clearGl();
                return work.get();
            } finally {
                restore(previous);
            }
        } finally {
            lock.unlock();
        }
    }

    /** {@link #call} for work without a result. */
    void run(Runnable work) {
        call(() -> {
            work.run();
            return null;
        });
    }

    /**
     * Makes the context current on the calling thread, for the application's own GL calls (and
     * LWJGL's {@code GLES} capabilities with it). Texlink's calls on this thread then use it as is.
     *
     * @throws TexlinkResourceException when it is current on another thread
     */
    public void makeCurrent() {
        lock.lock();
        try {
            if (released) {
                throw new IllegalStateException("the EGL context on " + capabilities.renderer() + " is closed");
            }
            bind(gles);
        } finally {
            lock.unlock();
        }
    }

    /** Releases the context from the calling thread (no context current there afterwards), so another thread can use it. */
    public void releaseCurrent() {
        lock.lock();
        try {
            if (!released && eglGetCurrentContext() == context) {
                if (!eglMakeCurrent(display, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT)) {
                    throw GlErrors.eglFailure("eglMakeCurrent (no context, releasing " + this + ")");
                }
                GLES.setCapabilities(null);
                if (eglGetCurrentContext() != EGL_NO_CONTEXT) {
                    throw new TexlinkResourceException("eglMakeCurrent (no context) succeeded, but context 0x"
                            + Long.toHexString(eglGetCurrentContext()) + " is still current on this thread (bound API 0x"
                            + Integer.toHexString(eglQueryAPI()) + "), releasing " + this);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** The GL and EGL objects texlink made in this context, and those it closes before the context goes away. */
    NativeObjectLedger ledger() {
        return ledger;
    }

    /**
     * The Vulkan context on this context's GPU that texlink's EGL allocators and importers allocate
     * and import OPAQUE_FD memory with: created by the first that needs it, with its
     * {@code options} (the device is always this GPU; later options are not used). One for the
     * context's life, not one per allocator or connection: on NVIDIA 580, destroying a Vulkan
     * instance terminates the EGL device-platform display of the same GPU, which ends every
     * context on it (measured on an H200); one per connection would also meet NVIDIA's limit on
     * instances per process. A created context closes it with itself. The application's contexts
     * ({@link #wrap}) share one per GPU that lives until the JVM exits, since closing it could end
     * the application's display.
     *
     * @throws TexlinkUnsupportedException when there is no Vulkan device on this GPU
     */
    synchronized VulkanContext vulkan(VulkanContext.Options options) {
        if (released) {
            throw new IllegalStateException("the EGL context on " + capabilities.renderer() + " is closed");
        }
        if (vulkan == null) {
            DeviceIdentity gpu = identity().orElseThrow(() -> new TexlinkUnsupportedException(
                    "GL does not name its GPU (no GL_EXT_memory_object): texlink cannot pick the Vulkan device on it"));
            if (owned) {
                vulkan = VulkanContext.create(options.withDevice(gpu));
                ShutdownCloser.forget(vulkan); // this context's exit hook closes it, after the GL objects
            } else {
                synchronized (APPLICATION_CONTEXTS_VULKAN) {
                    // Left on texlink's exit hook, which closes it when the JVM exits.
                    vulkan = APPLICATION_CONTEXTS_VULKAN.computeIfAbsent(gpu, g -> VulkanContext.create(options.withDevice(g)));
                }
            }
        }
        return vulkan;
    }

    // ---- for the application

    /** The {@code EGLDisplay}. */
    public long display() {
        return display;
    }

    /** The {@code EGLContext}. */
    public long context() {
        return context;
    }

    /** What the display and context offer. */
    public EglCapabilities capabilities() {
        return capabilities;
    }

    /** The GPU's device and driver UUID, as GL reports them; empty without {@code GL_EXT_memory_object}. */
    public Optional<DeviceIdentity> identity() {
        return capabilities.identity();
    }

    /** True when texlink created the context and display (and destroys them on close). */
    public boolean owned() {
        return owned;
    }

    /** GL and EGL objects texlink created in this context and has not deleted yet, by type. */
    public Map<String, Integer> liveObjects() {
        return ledger.liveObjects();
    }

    /** Sum of {@link #liveObjects()}: 0 when everything texlink made is deleted. */
    public int liveObjectCount() {
        return ledger.liveObjectCount();
    }

    /**
     * Closes texlink objects still open in this context (newest first), then, for a created
     * context, destroys the context and terminates the display (when no other texlink context
     * uses it). Idempotent; safe from any thread, also from the shutdown hook.
     */
    @Override
    public void close() {
        if (owned) {
            EGL_THREAD.call(() -> {
                closeHere();
                return null;
            });
        } else {
            closeHere();
        }
    }

    private void closeHere() {
        ShutdownCloser.forget(this);
        if (!ledger.closeOpenObjects()) {
            return;
        }
        lock.lock();
        try {
            released = true;
            if (liveObjectCount() != 0) {
                LOG.log(Level.WARNING, "texlink egl: GL objects left on {0}: {1}{2}", capabilities.renderer(), liveObjects(),
                        owned ? " (they go with the context)" : "");
            }
            if (!owned) {
                return;
            }
            int api = eglQueryAPI();
            eglBindAPI(EGL_OPENGL_ES_API);
            if (eglGetCurrentContext() == context) {
                eglMakeCurrent(display, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
                GLES.setCapabilities(null);
            }
            eglBindAPI(api);
            // Current on another thread: EGL destroys it when that thread lets go; the display terminates anyway.
            if (!eglDestroyContext(display, context)) {
                LOG.log(Level.WARNING, "texlink egl: eglDestroyContext failed: {0}", GlErrors.eglName(eglGetError()));
            }
            releaseDisplay(display);
            releaseThreadOnceNoDisplayIsLeft();
        } finally {
            lock.unlock();
            closeVulkan();
        }
    }

    /** Closes a created context's Vulkan context, last: its GL twins are gone, and on NVIDIA it takes the display down with it. */
    private void closeVulkan() {
        VulkanContext closing;
        synchronized (this) {
            closing = owned ? vulkan : null;
            vulkan = null;
        }
        if (closing != null) {
            closing.close();
        }
    }

    /**
     * Releases the EGL thread's EGL state once texlink has no display initialized any more (the
     * last context closed). NVIDIA 580 needs both halves of this rule, measured on an H200
     * ({@code scripts/egl-exit-matrix.sh}, docs/egl.md): a JVM in which a live thread still holds
     * EGL state at exit dies with SIGSEGV in a thread of {@code libEGL_nvidia}, whatever was
     * destroyed or terminated before, while a thread that called {@code eglReleaseThread} can no
     * longer use the displays initialized before (EGL_BAD_DISPLAY, EGL_BAD_CONTEXT).
     */
    private static void releaseThreadOnceNoDisplayIsLeft() {
        synchronized (DISPLAY_USERS) {
            if (DISPLAY_USERS.isEmpty()) {
                releaseThread();
            }
        }
    }

    /**
     * Releases the calling thread's EGL state ({@code eglReleaseThread}: no context current there,
     * the bound API back to OpenGL ES). Texlink makes its EGL calls for the contexts it creates on
     * a thread of its own and releases it itself; call this on a thread where the application made
     * such a context current ({@link #makeCurrent()}), used a {@link #wrap wrapped} context, or made
     * EGL calls of its own, once it is done with EGL for good: on NVIDIA a JVM exits cleanly only
     * when no live thread holds EGL state, and a released thread cannot use the displays that were
     * initialized before its release (measured on an H200, driver 580.159.04).
     */
    public static void releaseThread() {
        if (!eglReleaseThread()) {
            LOG.log(Level.WARNING, "texlink egl: eglReleaseThread failed: {0}", GlErrors.eglName(eglGetError()));
        }
    }

    private static Set<String> words(String text) {
        return text == null || text.isBlank() ? Set.of() : new HashSet<>(Arrays.asList(text.trim().split("\\s+")));
    }

    private static byte[] bytes(ByteBuffer uuid) {
        byte[] b = new byte[16];
        uuid.get(0, b);
        return b;
    }

    @Override
    public String toString() {
        return "EglContext[" + capabilities.renderer() + ", " + capabilities.platform()
                + (owned ? "" : ", application's context") + "]";
    }
}
