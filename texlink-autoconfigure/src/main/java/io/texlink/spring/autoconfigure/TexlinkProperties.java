package io.texlink.spring.autoconfigure;

import io.texlink.FrameType;
import io.texlink.PixelFormat;
import io.texlink.egl.EglContext;
import io.texlink.egl.EglFrameAllocator;
import io.texlink.spring.backend.BackendType;
import io.texlink.spring.backend.CudaBackend;
import io.texlink.vulkan.ImageTiling;
import io.texlink.vulkan.VulkanFrameAllocator;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Configuration of texlink: the backend, the sessions this application produces
 * ({@code texlink.servers.<name>.*}) and those it consumes ({@code texlink.clients.<name>.*}).
 *
 * <pre>
 * texlink:
 *   servers:
 *     cam:
 *       frame: { width: 1920, height: 1080 }
 *       publish-rate: 60
 *   clients:
 *     preview:
 *       name: cam
 * </pre>
 */
@ConfigurationProperties("texlink")
public class TexlinkProperties {

    /**
     * Graphics API that shares the frames: auto (the best one available here), cpu, egl, vulkan,
     * cuda, d3d11 or d3d12.
     */
    private BackendType backend = BackendType.AUTO;

    /** Sessions this application produces, by name. */
    private final Map<String, Server> servers = new LinkedHashMap<>();

    /** Sessions this application consumes, by name. */
    private final Map<String, Client> clients = new LinkedHashMap<>();

    /** Settings of the Vulkan backend, used where texlink.backend selects or auto picks it. */
    private final Vulkan vulkan = new Vulkan();

    /** Settings of the CUDA backend, used where texlink.backend=cuda. */
    private final Cuda cuda = new Cuda();

    /** Settings of the EGL backend, used where texlink.backend=egl. */
    private final Egl egl = new Egl();

    public BackendType getBackend() {
        return backend;
    }

    public void setBackend(BackendType backend) {
        this.backend = backend;
    }

    public Map<String, Server> getServers() {
        return servers;
    }

    public Map<String, Client> getClients() {
        return clients;
    }

    public Vulkan getVulkan() {
        return vulkan;
    }

    public Cuda getCuda() {
        return cuda;
    }

    public Egl getEgl() {
        return egl;
    }

    /** One producer session. */
    public static class Server {

        /**
         * Session name consumers ask for, announced in the name registry. Defaults to the key
         * under texlink.servers. Leave unset when socket is set.
         */
        private String name;

        /**
         * Socket file to listen on; the session name is then the file's name without its
         * extension. Defaults to /tmp/texlink/NAME.sock, where C and Java consumers look.
         */
        private Path socket;

        /** Shape of every frame. */
        private final Frame frame = new Frame();

        /** Buffers the session rotates through: 1, 2 or 3. */
        private int buffers = 3;

        /** Consumers served at once, 1 to 64. */
        private int maxClients = 16;

        /** User ids besides this process's own that may connect. */
        private Set<Integer> allowedUids = new LinkedHashSet<>();

        /** Whether to announce the session in the name registry, /tmp/texlink/.registry. */
        private boolean announce = true;

        /** Frames per second at which a FrameProducer bean for this session is called. */
        private double publishRate = 30;

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public Path getSocket() {
            return socket;
        }

        public void setSocket(Path socket) {
            this.socket = socket;
        }

        public Frame getFrame() {
            return frame;
        }

        public int getBuffers() {
            return buffers;
        }

        public void setBuffers(int buffers) {
            this.buffers = buffers;
        }

        public int getMaxClients() {
            return maxClients;
        }

        public void setMaxClients(int maxClients) {
            this.maxClients = maxClients;
        }

        public Set<Integer> getAllowedUids() {
            return allowedUids;
        }

        public void setAllowedUids(Set<Integer> allowedUids) {
            this.allowedUids = allowedUids;
        }

        public boolean isAnnounce() {
            return announce;
        }

        public void setAnnounce(boolean announce) {
            this.announce = announce;
        }

        public double getPublishRate() {
            return publishRate;
        }

        public void setPublishRate(double publishRate) {
            this.publishRate = publishRate;
        }
    }

    /** Shape of a server's frames. */
    public static class Frame {

        /**
         * What each buffer holds: texture-2d, texture-3d, texture-cube, vertex-buffer,
         * compute-buffer or raw.
         */
        private FrameType type = FrameType.TEXTURE_2D;

        /** Pixels per row (textures; the edge of a cube face). */
        private int width = 1280;

        /** Rows (textures; must equal width for a cube). */
        private int height = 720;

        /** Slices of a texture-3d. */
        private int depth = 1;

        /** Pixel format (textures): R8, ARGB8888, XRGB8888, ABGR8888, XBGR8888 or ABGR16161616F. */
        private PixelFormat format = PixelFormat.ABGR8888;

        /** Bytes per buffer for vertex-buffer, compute-buffer and raw frames. */
        private DataSize size;

        public FrameType getType() {
            return type;
        }

        public void setType(FrameType type) {
            this.type = type;
        }

        public int getWidth() {
            return width;
        }

        public void setWidth(int width) {
            this.width = width;
        }

        public int getHeight() {
            return height;
        }

        public void setHeight(int height) {
            this.height = height;
        }

        public int getDepth() {
            return depth;
        }

        public void setDepth(int depth) {
            this.depth = depth;
        }

        public PixelFormat getFormat() {
            return format;
        }

        public void setFormat(PixelFormat format) {
            this.format = format;
        }

        public DataSize getSize() {
            return size;
        }

        public void setSize(DataSize size) {
            this.size = size;
        }
    }

    /** One consumed session. */
    public static class Client {

        /**
         * Session to consume, looked up in the name registry (else /tmp/texlink/NAME.sock).
         * Defaults to the key under texlink.clients. Leave unset when socket is set.
         */
        private String name;

        /** Socket file of the producer, instead of looking the name up. */
        private Path socket;

        /** How long one connection attempt waits for the producer's handshake. */
        private Duration connectTimeout = Duration.ofSeconds(5);

        /** Pauses between reconnect attempts. */
        private final Reconnect reconnect = new Reconnect();

        /** How long a FrameConsumer bean's thread waits for a frame before checking again. */
        private Duration acquireTimeout = Duration.ofSeconds(1);

        /**
         * How the consumer waits for the next frame: blocking (sleeps in poll, no CPU while
         * idle), busy-spin (lowest latency, one core busy), backoff or sleeping.
         */
        private WaitStrategyName waitStrategy = WaitStrategyName.BLOCKING;

        /** User ids besides this process's own whose producers are trusted. */
        private Set<Integer> trustedProducerUids = new LinkedHashSet<>();

        /** Health turns DOWN when no frame arrived for this long while connected. */
        private Duration staleAfter = Duration.ofSeconds(5);

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public Path getSocket() {
            return socket;
        }

        public void setSocket(Path socket) {
            this.socket = socket;
        }

        public Duration getConnectTimeout() {
            return connectTimeout;
        }

        public void setConnectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
        }

        public Reconnect getReconnect() {
            return reconnect;
        }

        public Duration getAcquireTimeout() {
            return acquireTimeout;
        }

        public void setAcquireTimeout(Duration acquireTimeout) {
            this.acquireTimeout = acquireTimeout;
        }

        public WaitStrategyName getWaitStrategy() {
            return waitStrategy;
        }

        public void setWaitStrategy(WaitStrategyName waitStrategy) {
            this.waitStrategy = waitStrategy;
        }

        public Set<Integer> getTrustedProducerUids() {
            return trustedProducerUids;
        }

        public void setTrustedProducerUids(Set<Integer> trustedProducerUids) {
            this.trustedProducerUids = trustedProducerUids;
        }

        public Duration getStaleAfter() {
            return staleAfter;
        }

        public void setStaleAfter(Duration staleAfter) {
            this.staleAfter = staleAfter;
        }
    }

    /** Reconnect back-off of a client: the first pause, doubling up to the longest. */
    public static class Reconnect {

        /** Pause after the first failed attempt. */
        private Duration initialBackoff = Duration.ofMillis(100);

        /** Longest pause between attempts. */
        private Duration maxBackoff = Duration.ofSeconds(5);

        public Duration getInitialBackoff() {
            return initialBackoff;
        }

        public void setInitialBackoff(Duration initialBackoff) {
            this.initialBackoff = initialBackoff;
        }

        public Duration getMaxBackoff() {
            return maxBackoff;
        }

        public void setMaxBackoff(Duration maxBackoff) {
            this.maxBackoff = maxBackoff;
        }
    }

    /**
     * The Vulkan backend's settings ({@code texlink.vulkan.*}). They apply to the frames this
     * application's servers allocate; a consumer imports frames as their producer made them.
     */
    public static class Vulkan {

        /**
         * Tiling of texture frames: optimal (the driver's own layout, fastest on the GPU) or
         * linear (rows at the driver's pitch, which the descriptor carries).
         */
        private ImageTiling tiling = ImageTiling.OPTIMAL;

        /**
         * How frame memory travels to consumers: auto (DMA-BUF where the device exports it, else
         * OPAQUE_FD), opaque-fd or dma-buf. Startup fails when the device lacks a forced one.
         */
        private VulkanFrameAllocator.MemoryHandle memoryHandle = VulkanFrameAllocator.MemoryHandle.AUTO;

        /**
         * How consumers learn that a frame's GPU work is done: auto (a timeline semaphore where
         * the device exports one, else a fence), timeline-semaphore (consumers wait on their GPU)
         * or producer-fence (the producer waits before it publishes). Startup fails when the
         * device cannot export a forced timeline semaphore.
         */
        private VulkanFrameAllocator.SyncMode sync = VulkanFrameAllocator.SyncMode.AUTO;

        /**
         * Whether to run the Khronos validation layer, with synchronization validation, on the
         * Vulkan device texlink creates; its errors are logged. For development: needs the
         * vulkan-validationlayers package and slows every call.
         */
        private boolean validation;

        public ImageTiling getTiling() {
            return tiling;
        }

        public void setTiling(ImageTiling tiling) {
            this.tiling = tiling;
        }

        public VulkanFrameAllocator.MemoryHandle getMemoryHandle() {
            return memoryHandle;
        }

        public void setMemoryHandle(VulkanFrameAllocator.MemoryHandle memoryHandle) {
            this.memoryHandle = memoryHandle;
        }

        public VulkanFrameAllocator.SyncMode getSync() {
            return sync;
        }

        public void setSync(VulkanFrameAllocator.SyncMode sync) {
            this.sync = sync;
        }

        public boolean isValidation() {
            return validation;
        }

        public void setValidation(boolean validation) {
            this.validation = validation;
        }
    }

    /**
     * The CUDA backend's settings ({@code texlink.cuda.*}): the GPU, and what this application's
     * servers allocate. A consumer imports frames as their producer made them.
     */
    public static class Cuda {

        /**
         * GPU to use, by the CUDA driver's ordinal (0 or more, counted after
         * CUDA_VISIBLE_DEVICES; the conditions report of --debug lists the GPUs). Consumers
         * import only frames of producers on this GPU.
         */
        private int device;

        /**
         * What the servers' frames are: cuda (CUDA device memory; needs only the CUDA driver, but
         * only CUDA consumers can import it) or vulkan (Vulkan images and buffers that CUDA
         * writes, which Vulkan, OpenGL and CUDA consumers import; needs LWJGL and NVIDIA's Vulkan
         * driver, and follows texlink.vulkan.tiling, sync and validation).
         */
        private CudaBackend.ProducerMemory producerMemory = CudaBackend.ProducerMemory.CUDA;

        public int getDevice() {
            return device;
        }

        /** @throws IllegalArgumentException for a negative ordinal, which fails binding naming the property */
        public void setDevice(int device) {
            if (device < 0) {
                throw new IllegalArgumentException("texlink.cuda.device is a CUDA device ordinal, 0 or more (0 is the first"
                        + " GPU), got " + device);
            }
            this.device = device;
        }

        public CudaBackend.ProducerMemory getProducerMemory() {
            return producerMemory;
        }

        public void setProducerMemory(CudaBackend.ProducerMemory producerMemory) {
            this.producerMemory = producerMemory;
        }
    }

    /**
     * The EGL backend's settings ({@code texlink.egl.*}): where the context comes from, and the
     * frames this application's servers allocate. A consumer imports frames as their producer made them.
     */
    public static class Egl {

        /**
         * Where texlink looks for the display of the OpenGL ES context it creates (none is created
         * when the application declares an EglContext bean): auto (the device platform, then Mesa's
         * surfaceless one), device (EGL_EXT_platform_device, one display per GPU) or surfaceless
         * (EGL_MESA_platform_surfaceless, Mesa's default GPU).
         */
        private EglContext.Platform platform = EglContext.Platform.AUTO;

        /**
         * Tiling of the Vulkan images behind OPAQUE_FD texture frames (GL_TEXTURE_TILING_EXT
         * follows): optimal (works everywhere) or linear (Mesa only; NVIDIA's GL refuses it).
         */
        private ImageTiling tiling = ImageTiling.OPTIMAL;

        /**
         * How frame memory travels to consumers: auto (OPAQUE_FD where GL imports memory objects
         * and knows its GPU, else DMA-BUF), opaque-fd (Vulkan memory on the same GPU, imported into
         * GL) or dma-buf (GL's own 2D textures, EGL_MESA_image_dma_buf_export). Startup fails when
         * the context lacks a forced one.
         */
        private EglFrameAllocator.MemoryHandle memoryHandle = EglFrameAllocator.MemoryHandle.AUTO;

        /**
         * How consumers learn that GL's writes are done: auto (a timeline semaphore where GL and
         * Vulkan share one, else glFinish), timeline-semaphore (GL signals, consumers wait on their
         * GPU) or gl-finish (the producer waits for GL before it publishes). Startup fails when the
         * context cannot share a forced timeline semaphore.
         */
        private EglFrameAllocator.SyncMode sync = EglFrameAllocator.SyncMode.AUTO;

        public EglContext.Platform getPlatform() {
            return platform;
        }

        public void setPlatform(EglContext.Platform platform) {
            this.platform = platform;
        }

        public ImageTiling getTiling() {
            return tiling;
        }

        public void setTiling(ImageTiling tiling) {
            this.tiling = tiling;
        }

        public EglFrameAllocator.MemoryHandle getMemoryHandle() {
            return memoryHandle;
        }

        public void setMemoryHandle(EglFrameAllocator.MemoryHandle memoryHandle) {
            this.memoryHandle = memoryHandle;
        }

        public EglFrameAllocator.SyncMode getSync() {
            return sync;
        }

        public void setSync(EglFrameAllocator.SyncMode sync) {
            this.sync = sync;
        }
    }

    /** The wait strategies a client can name; see {@link io.texlink.WaitStrategy}. */
    public enum WaitStrategyName {
        /** Sleep in poll(2) on the socket. */
        BLOCKING,
        /** Check without sleeping. */
        BUSY_SPIN,
        /** Spin, then yield, then park up to 1 ms. */
        BACKOFF,
        /** Park 100 µs between checks. */
        SLEEPING
    }
}
