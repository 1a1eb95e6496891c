package io.texlink.vulkan;

import io.texlink.TexlinkUnsupportedException;
import io.texlink.backend.DeviceIdentity;
import io.texlink.lifecycle.NativeObjectLedger;
import io.texlink.lifecycle.OwnerThread;
import io.texlink.lifecycle.ShutdownCloser;
import org.lwjgl.PointerBuffer;
import org.lwjgl.system.MemoryStack;
import org.lwjgl.vulkan.VK;
import org.lwjgl.vulkan.VkAllocationCallbacks;
import org.lwjgl.vulkan.VkApplicationInfo;
import org.lwjgl.vulkan.VkCommandBuffer;
import org.lwjgl.vulkan.VkDebugUtilsMessengerCallbackDataEXT;
import org.lwjgl.vulkan.VkDebugUtilsMessengerCallbackEXT;
import org.lwjgl.vulkan.VkDebugUtilsMessengerCreateInfoEXT;
import org.lwjgl.vulkan.VkDevice;
import org.lwjgl.vulkan.VkDeviceCreateInfo;
import org.lwjgl.vulkan.VkDeviceQueueCreateInfo;
import org.lwjgl.vulkan.VkExtensionProperties;
import org.lwjgl.vulkan.VkExternalSemaphoreProperties;
import org.lwjgl.vulkan.VkInstance;
import org.lwjgl.vulkan.VkInstanceCreateInfo;
import org.lwjgl.vulkan.VkLayerProperties;
import org.lwjgl.vulkan.VkPhysicalDevice;
import org.lwjgl.vulkan.VkPhysicalDeviceDriverProperties;
import org.lwjgl.vulkan.VkPhysicalDeviceExternalSemaphoreInfo;
import org.lwjgl.vulkan.VkPhysicalDeviceFeatures2;
import org.lwjgl.vulkan.VkPhysicalDeviceIDProperties;
import org.lwjgl.vulkan.VkPhysicalDeviceMemoryProperties;
import org.lwjgl.vulkan.VkPhysicalDeviceProperties2;
import org.lwjgl.vulkan.VkPhysicalDeviceVulkan12Features;
import org.lwjgl.vulkan.VkQueue;
import org.lwjgl.vulkan.VkQueueFamilyProperties;
import org.lwjgl.vulkan.VkSemaphoreTypeCreateInfo;
import org.lwjgl.vulkan.VkSubmitInfo;
import org.lwjgl.vulkan.VkTimelineSemaphoreSubmitInfo;
import org.lwjgl.vulkan.VkValidationFeaturesEXT;

import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.texlink.vulkan.VulkanResult.check;
import static org.lwjgl.system.MemoryStack.stackPush;
import static org.lwjgl.system.MemoryUtil.NULL;
import static org.lwjgl.vulkan.EXTDebugUtils.*;
import static org.lwjgl.vulkan.EXTValidationFeatures.VK_EXT_VALIDATION_FEATURES_EXTENSION_NAME;
import static org.lwjgl.vulkan.EXTValidationFeatures.VK_VALIDATION_FEATURE_ENABLE_SYNCHRONIZATION_VALIDATION_EXT;
import static org.lwjgl.vulkan.EXTExternalMemoryDmaBuf.VK_EXT_EXTERNAL_MEMORY_DMA_BUF_EXTENSION_NAME;
import static org.lwjgl.vulkan.EXTImageDrmFormatModifier.VK_EXT_IMAGE_DRM_FORMAT_MODIFIER_EXTENSION_NAME;
import static org.lwjgl.vulkan.KHRExternalFenceFd.VK_KHR_EXTERNAL_FENCE_FD_EXTENSION_NAME;
import static org.lwjgl.vulkan.KHRExternalMemoryFd.VK_KHR_EXTERNAL_MEMORY_FD_EXTENSION_NAME;
import static org.lwjgl.vulkan.KHRExternalSemaphoreFd.VK_KHR_EXTERNAL_SEMAPHORE_FD_EXTENSION_NAME;
import static org.lwjgl.vulkan.VK10.*;
import static org.lwjgl.vulkan.VK11.*;
import static org.lwjgl.vulkan.VK12.*;
import static org.lwjgl.vulkan.VK13.VK_API_VERSION_1_3;

/**
 * The Vulkan instance, physical device, device and queue that texlink's Vulkan frames live on:
 * either created by texlink ({@link #create}) or the application's own ({@link #wrap}).
 *
 * <p>It knows the device's identity (device and driver UUID, which consumers compare before they
 * import memory) and what the device can share ({@link #capabilities()}). It also keeps a ledger
 * of every Vulkan object texlink made on it ({@link #liveObjects()}), so tests and operators can
 * see leaks, and, where the validation layer is on, the layer's error messages
 * ({@link #validationErrors()}).
 *
 * <p>Ownership: a created context destroys its device and instance on {@link #close()}; a wrapped
 * one leaves them to the application. Either way close() first closes texlink objects still open
 * on it (frames, semaphores), newest first. Created contexts are registered with
 * {@link ShutdownCloser}: on NVIDIA a JVM that exits with a live device crashes in the driver.
 *
 * <p>Thread-safety: all methods may be called from any thread. texlink submits to
 * {@link #queue()} while holding {@link #queueLock()}; an application that submits to the same
 * queue from other threads must hold it too.
 */
public final class VulkanContext implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(VulkanContext.class.getName());
    /** The Khronos validation layer (package {@code vulkan-validationlayers} on Debian). */
    public static final String VALIDATION_LAYER = "VK_LAYER_KHRONOS_validation";
    /** How long texlink waits for its own GPU work (a fence) before it reports the device as stuck. */
    static final long FENCE_TIMEOUT_NANOS = 10_000_000_000L;

    private final VkInstance instance;
    private final VkPhysicalDevice physicalDevice;
    private final VkDevice device;
    private final VkQueue queue;
    private final int queueFamily;
    private final boolean ownsDevice;
    /** The thread that created this context's instance and device and will destroy them; null for a wrapped device. */
    private final OwnerThread owner;
    private final long messenger;
    private final VkDebugUtilsMessengerCallbackEXT callback;
    private final List<String> validationErrors;
    private final DeviceIdentity identity;
    private final VulkanCapabilities capabilities;
    private final int[] memoryTypeFlags;
    private final NativeObjectLedger ledger;

    private final Object queueLock = new Object();
    /** Set once close() is done with the device: later closes of texlink objects must not touch it. */
    private volatile boolean released;

    /**
     * How texlink creates a context.
     *
     * @param validation      turn on {@value #VALIDATION_LAYER} and record its errors (fails when
     *                        the layer is not installed: see {@link #validationLayerInstalled()})
     * @param device          the GPU to use, by identity (e.g. the producer's, on a consumer); an
     *                        identity with an all-zero driver UUID, as a CUDA device has
     *                        ({@code CudaContext.identity()}), names the GPU by its device UUID alone;
     *                        empty: the first discrete GPU, else integrated, virtual, then CPU device
     * @param applicationName written into {@code VkApplicationInfo}
     */
    public record Options(boolean validation, Optional<DeviceIdentity> device, String applicationName) {
        public Options {
            device = device == null ? Optional.empty() : device;
            applicationName = applicationName == null ? "texlink" : applicationName;
        }

        /** No validation, the best device, application name "texlink". */
        public static Options defaults() {
            return new Options(false, Optional.empty(), "texlink");
        }

        public Options withValidation(boolean value) {
            return new Options(value, device, applicationName);
        }

        public Options withDevice(DeviceIdentity value) {
            return new Options(validation, Optional.of(value), applicationName);
        }
    }

    private VulkanContext(VkInstance instance, VkPhysicalDevice physicalDevice, VkDevice device, int queueFamily,
                          int queueIndex, OwnerThread owner, long messenger, VkDebugUtilsMessengerCallbackEXT callback,
                          List<String> validationErrors, boolean timelineFeature) {
        this.owner = owner;
        this.ownsDevice = owner != null;
        this.instance = instance;
        this.physicalDevice = physicalDevice;
        this.device = device;
        this.queueFamily = queueFamily;
        this.messenger = messenger;
        this.callback = callback;
        this.validationErrors = validationErrors;
        try (MemoryStack stack = stackPush()) {
            PointerBuffer pQueue = stack.mallocPointer(1);
            vkGetDeviceQueue(device, queueFamily, queueIndex, pQueue);
            this.queue = new VkQueue(pQueue.get(0), device);

            VkPhysicalDeviceIDProperties ids = VkPhysicalDeviceIDProperties.calloc(stack).sType$Default();
            VkPhysicalDeviceDriverProperties driver = VkPhysicalDeviceDriverProperties.calloc(stack).sType$Default();
            VkPhysicalDeviceProperties2 properties = VkPhysicalDeviceProperties2.calloc(stack).sType$Default()
                    .pNext(ids).pNext(driver);
            vkGetPhysicalDeviceProperties2(physicalDevice, properties);
            this.identity = new DeviceIdentity(bytes(ids.deviceUUID()), bytes(ids.driverUUID()));

            VkPhysicalDeviceMemoryProperties memory = VkPhysicalDeviceMemoryProperties.calloc(stack);
            vkGetPhysicalDeviceMemoryProperties(physicalDevice, memory);
            this.memoryTypeFlags = new int[memory.memoryTypeCount()];
            for (int i = 0; i < memoryTypeFlags.length; i++) {
                memoryTypeFlags[i] = memory.memoryTypes(i).propertyFlags();
            }

            var enabled = device.getCapabilities();
            boolean semaphoreFd = enabled.VK_KHR_external_semaphore_fd;
            this.capabilities = new VulkanCapabilities(properties.properties().deviceNameString(),
                    driver.driverNameString() + " " + driver.driverInfoString(),
                    Math.min(properties.properties().apiVersion(), device.getCapabilities().apiVersion),
                    enabled.VK_KHR_external_memory_fd,
                    enabled.VK_KHR_external_memory_fd && enabled.VK_EXT_external_memory_dma_buf,
                    enabled.VK_EXT_image_drm_format_modifier,
                    timelineFeature,
                    timelineFeature && semaphoreFd && semaphoreShares(stack, VK_SEMAPHORE_TYPE_TIMELINE,
                            VK_EXTERNAL_SEMAPHORE_HANDLE_TYPE_OPAQUE_FD_BIT),
                    semaphoreFd && semaphoreShares(stack, VK_SEMAPHORE_TYPE_BINARY,
                            VK_EXTERNAL_SEMAPHORE_HANDLE_TYPE_SYNC_FD_BIT),
                    messenger != NULL);
        }
        this.ledger = new NativeObjectLedger(LOG, "texlink vulkan", "Vulkan context", capabilities.deviceName());
    }

    /**
     * Creates an instance, picks a physical device, and creates a device with one queue that can
     * do graphics or compute, enabling whichever of the external memory, semaphore and fence
     * extensions and the timeline semaphore feature the device has.
     *
     * @throws TexlinkUnsupportedException when there is no Vulkan 1.2 device (or not the one asked
     *                                     for), or validation is asked for but not installed
     */
    public static VulkanContext create(Options options) {
        // Created, and later destroyed, on one thread of its own: see OwnerThread.
        OwnerThread owner = OwnerThread.named("texlink-vulkan-owner");
        try {
            return owner.call(() -> createOn(owner, options));
        } catch (RuntimeException | Error e) {
            owner.stop();
            throw e;
        }
    }

    private static VulkanContext createOn(OwnerThread owner, Options options) {
        int apiVersion = instanceApiVersion();
        if (options.validation() && !validationLayerInstalled()) {
            throw new TexlinkUnsupportedException("the Vulkan validation layer " + VALIDATION_LAYER
                    + " is not installed (Debian: apt-get install vulkan-validationlayers); create the context without validation");
        }
        List<String> errors = Collections.synchronizedList(new ArrayList<>());
        VkDebugUtilsMessengerCallbackEXT callback = options.validation() ? validationCallback(errors) : null;
        VkInstance instance = null;
        long messenger = NULL;
        VkDevice device = null;
        try (MemoryStack stack = stackPush()) {
            VkDebugUtilsMessengerCreateInfoEXT messengerInfo = callback == null ? null
                    : VkDebugUtilsMessengerCreateInfoEXT.calloc(stack).sType$Default()
                    .messageSeverity(VK_DEBUG_UTILS_MESSAGE_SEVERITY_WARNING_BIT_EXT | VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT)
                    .messageType(VK_DEBUG_UTILS_MESSAGE_TYPE_GENERAL_BIT_EXT | VK_DEBUG_UTILS_MESSAGE_TYPE_VALIDATION_BIT_EXT)
                    .pfnUserCallback(callback);
            VkInstanceCreateInfo instanceInfo = VkInstanceCreateInfo.calloc(stack).sType$Default()
                    .pApplicationInfo(VkApplicationInfo.calloc(stack).sType$Default()
                            .pApplicationName(stack.UTF8(options.applicationName()))
                            .pEngineName(stack.UTF8("texlink"))
                            .apiVersion(apiVersion));
            if (messengerInfo != null) {
                instanceInfo.ppEnabledLayerNames(stack.pointers(stack.UTF8(VALIDATION_LAYER)))
                        .ppEnabledExtensionNames(stack.pointers(stack.UTF8(VK_EXT_DEBUG_UTILS_EXTENSION_NAME),
                                stack.UTF8(VK_EXT_VALIDATION_FEATURES_EXTENSION_NAME)))
                        .pNext(messengerInfo) // also reports on vkCreateInstance and vkDestroyInstance
                        // Synchronization validation too: it finds missing barriers and waits, texlink's main risk.
                        .pNext(VkValidationFeaturesEXT.calloc(stack).sType$Default().pEnabledValidationFeatures(
                                stack.ints(VK_VALIDATION_FEATURE_ENABLE_SYNCHRONIZATION_VALIDATION_EXT)));
            }
            PointerBuffer pp = stack.mallocPointer(1);
            check(vkCreateInstance(instanceInfo, null, pp), "vkCreateInstance");
            instance = new VkInstance(pp.get(0), instanceInfo);
            if (messengerInfo != null) {
                LongBuffer pMessenger = stack.mallocLong(1);
                check(vkCreateDebugUtilsMessengerEXT(instance, messengerInfo, null, pMessenger), "vkCreateDebugUtilsMessengerEXT");
                messenger = pMessenger.get(0);
            }
            VkPhysicalDevice physical = choosePhysicalDevice(instance, options.device());
            int family = queueFamily(physical);

            Set<String> available = deviceExtensions(physical);
            PointerBuffer extensions = stack.mallocPointer(5);
            for (String name : List.of(VK_KHR_EXTERNAL_MEMORY_FD_EXTENSION_NAME, VK_KHR_EXTERNAL_SEMAPHORE_FD_EXTENSION_NAME,
                    VK_KHR_EXTERNAL_FENCE_FD_EXTENSION_NAME, VK_EXT_EXTERNAL_MEMORY_DMA_BUF_EXTENSION_NAME,
                    VK_EXT_IMAGE_DRM_FORMAT_MODIFIER_EXTENSION_NAME)) {
                if (available.contains(name)) {
                    extensions.put(stack.UTF8(name));
                }
            }
            extensions.flip();

            VkPhysicalDeviceVulkan12Features supported = VkPhysicalDeviceVulkan12Features.calloc(stack).sType$Default();
            vkGetPhysicalDeviceFeatures2(physical, VkPhysicalDeviceFeatures2.calloc(stack).sType$Default().pNext(supported));
            boolean timeline = supported.timelineSemaphore();
            VkDeviceCreateInfo deviceInfo = VkDeviceCreateInfo.calloc(stack).sType$Default()
                    .pNext(VkPhysicalDeviceVulkan12Features.calloc(stack).sType$Default().timelineSemaphore(timeline))
                    .pQueueCreateInfos(VkDeviceQueueCreateInfo.calloc(1, stack).sType$Default()
                            .queueFamilyIndex(family)
                            .pQueuePriorities(stack.floats(1f)))
                    .ppEnabledExtensionNames(extensions);
            check(vkCreateDevice(physical, deviceInfo, null, pp), "vkCreateDevice");
            device = new VkDevice(pp.get(0), physical, deviceInfo, apiVersion);
            VulkanContext context = new VulkanContext(instance, physical, device, family, 0, owner, messenger, callback,
                    errors, timeline);
            ShutdownCloser.closeAtExit(context);
            LOG.log(Level.INFO, "texlink vulkan: {0}", context.capabilities.summary());
            return context;
        } catch (RuntimeException e) {
            if (device != null) {
                vkDestroyDevice(device, null);
            }
            if (messenger != NULL) {
                vkDestroyDebugUtilsMessengerEXT(instance, messenger, null);
            }
            if (instance != null) {
                vkDestroyInstance(instance, null);
            }
            if (callback != null) {
                callback.free();
            }
            throw e;
        }
    }

    /** {@link #create(Options)} with {@link Options#defaults()}. */
    public static VulkanContext create() {
        return create(Options.defaults());
    }

    /**
     * Uses the application's device. texlink never destroys it; the application must close this
     * context (and with it texlink's objects on the device) before it destroys the device.
     *
     * @param device           the application's device; the extensions it was created with decide
     *                         what can be shared (enable {@code VK_KHR_external_memory_fd}, and
     *                         {@code VK_KHR_external_semaphore_fd} for GPU-side sync)
     * @param queueFamily      family of the queue texlink submits its copies and signals to
     * @param queueIndex       index of that queue in its family
     * @param timelineFeature  whether the device was created with the {@code timelineSemaphore} feature
     */
    public static VulkanContext wrap(VkDevice device, int queueFamily, int queueIndex, boolean timelineFeature) {
        VkPhysicalDevice physical = device.getPhysicalDevice();
        return new VulkanContext(physical.getInstance(), physical, device, queueFamily, queueIndex, null, NULL, null,
                List.of(), timelineFeature);
    }

    /** True when {@value #VALIDATION_LAYER} is installed here (false where texlink finds no usable Vulkan loader). */
    public static boolean validationLayerInstalled() {
        try {
            instanceApiVersion();
        } catch (TexlinkUnsupportedException e) {
            return false;
        }
        try (MemoryStack stack = stackPush()) {
            IntBuffer count = stack.mallocInt(1);
            check(vkEnumerateInstanceLayerProperties(count, null), "vkEnumerateInstanceLayerProperties");
            VkLayerProperties.Buffer layers = VkLayerProperties.malloc(count.get(0), stack);
            check(vkEnumerateInstanceLayerProperties(count, layers), "vkEnumerateInstanceLayerProperties");
            for (VkLayerProperties layer : layers) {
                if (VALIDATION_LAYER.equals(layer.layerNameString())) {
                    return true;
                }
            }
            return false;
        }
    }

    private static int instanceApiVersion() {
        int loader;
        try {
            loader = VK.getInstanceVersionSupported();
        } catch (RuntimeException | LinkageError e) {
            throw new TexlinkUnsupportedException("no Vulkan loader here (" + e.getMessage()
                    + "); install libvulkan1 and a driver (Mesa's lavapipe: mesa-vulkan-drivers)", e);
        }
        if (loader < VK_API_VERSION_1_2) {
            throw new TexlinkUnsupportedException("the Vulkan loader supports version " + (loader >>> 22) + "."
                    + (loader >>> 12 & 0x3ff) + "; texlink needs 1.2 (timeline semaphores, external memory)");
        }
        return Math.min(loader, VK_API_VERSION_1_3);
    }

    private static VkDebugUtilsMessengerCallbackEXT validationCallback(List<String> errors) {
        return VkDebugUtilsMessengerCallbackEXT.create((severity, types, data, user) -> {
            String message = VkDebugUtilsMessengerCallbackDataEXT.create(data).pMessageString();
            boolean error = (severity & VK_DEBUG_UTILS_MESSAGE_SEVERITY_ERROR_BIT_EXT) != 0;
            if (error) {
                errors.add(message);
            }
            LOG.log(error ? Level.ERROR : Level.WARNING, "vulkan validation: {0}", message);
            return VK_FALSE;
        });
    }

    private static VkPhysicalDevice choosePhysicalDevice(VkInstance instance, Optional<DeviceIdentity> wanted) {
        try (MemoryStack stack = stackPush()) {
            IntBuffer count = stack.mallocInt(1);
            check(vkEnumeratePhysicalDevices(instance, count, null), "vkEnumeratePhysicalDevices");
            PointerBuffer handles = stack.mallocPointer(count.get(0));
            check(vkEnumeratePhysicalDevices(instance, count, handles), "vkEnumeratePhysicalDevices");
            VkPhysicalDevice best = null;
            int bestRank = Integer.MAX_VALUE;
            List<String> seen = new ArrayList<>();
            for (int i = 0; i < handles.remaining(); i++) {
                VkPhysicalDevice candidate = new VkPhysicalDevice(handles.get(i), instance);
                VkPhysicalDeviceIDProperties ids = VkPhysicalDeviceIDProperties.calloc(stack).sType$Default();
                VkPhysicalDeviceProperties2 properties = VkPhysicalDeviceProperties2.calloc(stack).sType$Default().pNext(ids);
                vkGetPhysicalDeviceProperties2(candidate, properties);
                DeviceIdentity identity = new DeviceIdentity(bytes(ids.deviceUUID()), bytes(ids.driverUUID()));
                seen.add(properties.properties().deviceNameString() + " (" + identity + ")");
                if (properties.properties().apiVersion() < VK_API_VERSION_1_2) {
                    continue;
                }
                if (wanted.isPresent()) {
                    if (isWanted(wanted.get(), identity)) {
                        return candidate;
                    }
                    continue;
                }
                int rank = switch (properties.properties().deviceType()) {
                    case VK_PHYSICAL_DEVICE_TYPE_DISCRETE_GPU -> 0;
                    case VK_PHYSICAL_DEVICE_TYPE_INTEGRATED_GPU -> 1;
                    case VK_PHYSICAL_DEVICE_TYPE_VIRTUAL_GPU -> 2;
                    case VK_PHYSICAL_DEVICE_TYPE_CPU -> 3;
                    default -> 4;
                };
                if (rank < bestRank) {
                    best = candidate;
                    bestRank = rank;
                }
            }
            if (wanted.isPresent()) {
                throw new TexlinkUnsupportedException("no Vulkan 1.2 device here is " + wanted.get()
                        + "; devices found: " + (seen.isEmpty() ? "none" : String.join("; ", seen)));
            }
            if (best == null) {
                throw new TexlinkUnsupportedException("no Vulkan 1.2 device found" + (seen.isEmpty() ? ""
                        : " (only " + String.join("; ", seen) + ")")
                        + "; install a driver (Mesa's lavapipe: mesa-vulkan-drivers) or run on a GPU machine");
            }
            return best;
        }
    }

    /**
     * Whether {@code candidate} is the wanted GPU: both UUIDs equal, or the device UUID where the
     * wanted driver UUID is all zero (CUDA has no driver UUID; NVIDIA makes CUDA's device UUID
     * equal to Vulkan's {@code deviceUUID}).
     */
    private static boolean isWanted(DeviceIdentity wanted, DeviceIdentity candidate) {
        return wanted.equals(candidate) || Arrays.equals(wanted.driverUuid(), new byte[16])
                && Arrays.equals(wanted.deviceUuid(), candidate.deviceUuid());
    }

    private static int queueFamily(VkPhysicalDevice physical) {
        try (MemoryStack stack = stackPush()) {
            IntBuffer count = stack.mallocInt(1);
            vkGetPhysicalDeviceQueueFamilyProperties(physical, count, null);
            VkQueueFamilyProperties.Buffer families = VkQueueFamilyProperties.malloc(count.get(0), stack);
            vkGetPhysicalDeviceQueueFamilyProperties(physical, count, families);
            for (int i = 0; i < families.capacity(); i++) {
                if ((families.get(i).queueFlags() & (VK_QUEUE_GRAPHICS_BIT | VK_QUEUE_COMPUTE_BIT)) != 0) {
                    return i;
                }
            }
            throw new TexlinkUnsupportedException("the Vulkan device has no graphics or compute queue");
        }
    }

    private static Set<String> deviceExtensions(VkPhysicalDevice physical) {
        try (MemoryStack stack = stackPush()) {
            IntBuffer count = stack.mallocInt(1);
            check(vkEnumerateDeviceExtensionProperties(physical, (ByteBuffer) null, count, null), "vkEnumerateDeviceExtensionProperties");
            VkExtensionProperties.Buffer properties = VkExtensionProperties.malloc(count.get(0), stack);
            check(vkEnumerateDeviceExtensionProperties(physical, (ByteBuffer) null, count, properties), "vkEnumerateDeviceExtensionProperties");
            Set<String> names = new HashSet<>();
            for (VkExtensionProperties p : properties) {
                names.add(p.extensionNameString());
            }
            return names;
        }
    }

    private boolean semaphoreShares(MemoryStack stack, int semaphoreType, int handleType) {
        VkExternalSemaphoreProperties properties = VkExternalSemaphoreProperties.calloc(stack).sType$Default();
        vkGetPhysicalDeviceExternalSemaphoreProperties(physicalDevice, VkPhysicalDeviceExternalSemaphoreInfo.calloc(stack)
                .sType$Default()
                .pNext(VkSemaphoreTypeCreateInfo.calloc(stack).sType$Default().semaphoreType(semaphoreType))
                .handleType(handleType), properties);
        int both = VK_EXTERNAL_SEMAPHORE_FEATURE_EXPORTABLE_BIT | VK_EXTERNAL_SEMAPHORE_FEATURE_IMPORTABLE_BIT;
        return (properties.externalSemaphoreFeatures() & both) == both;
    }

    private static byte[] bytes(ByteBuffer uuid) {
        byte[] b = new byte[uuid.remaining()];
        uuid.get(uuid.position(), b);
        return b;
    }

    public VkInstance instance() {
        return instance;
    }

    public VkPhysicalDevice physicalDevice() {
        return physicalDevice;
    }

    public VkDevice device() {
        return device;
    }

    /** The queue texlink submits to; the producer's work must go to this queue before it ends a frame. */
    public VkQueue queue() {
        return queue;
    }

    public int queueFamilyIndex() {
        return queueFamily;
    }

    /** Held by texlink while it submits to {@link #queue()} (Vulkan requires queue access to be serialized). */
    public Object queueLock() {
        return queueLock;
    }

    /** The device and driver UUID, as written into the control block and compared by consumers. */
    public DeviceIdentity identity() {
        return identity;
    }

    public VulkanCapabilities capabilities() {
        return capabilities;
    }

    /** Errors the validation layer reported so far (empty without validation); stays readable after close. */
    public List<String> validationErrors() {
        synchronized (validationErrors) {
            return List.copyOf(validationErrors);
        }
    }

    /** Vulkan objects texlink created on this device and has not destroyed yet, by type name. */
    public Map<String, Integer> liveObjects() {
        return ledger.liveObjects();
    }

    /** Sum of {@link #liveObjects()}: 0 when everything texlink made is destroyed. */
    public int liveObjectCount() {
        return ledger.liveObjectCount();
    }

    /** A {@code vkCreateXxx} call writing one handle. */
    @FunctionalInterface
    interface Creation {
        int create(LongBuffer handle);
    }

    /** A {@code vkDestroyXxx} or {@code vkFreeMemory} function. */
    @FunctionalInterface
    interface Destruction {
        void destroy(VkDevice device, long handle, VkAllocationCallbacks allocator);
    }

    /** Runs {@code creation}, checks its result under the name {@code call}, and books a {@code type} into the ledger. */
    long create(String type, String call, Creation creation) {
        try (MemoryStack stack = stackPush()) {
            LongBuffer handle = stack.mallocLong(1);
            check(creation.create(handle), call);
            ledger.created(type);
            return handle.get(0);
        }
    }

    /** Destroys {@code handle} unless it is {@code VK_NULL_HANDLE} and books it out; returns {@code VK_NULL_HANDLE}. */
    long destroy(long handle, String type, Destruction destruction) {
        if (handle != NULL) {
            destruction.destroy(device, handle, null);
            ledger.destroyed(type);
        }
        return NULL;
    }

    /** The objects texlink made on this device, and those it closes before the device goes away. */
    NativeObjectLedger ledger() {
        return ledger;
    }

    /** Index of the first memory type in {@code typeBits} that has all of {@code required}, preferring those with {@code preferred}; -1 if none. */
    int memoryType(int typeBits, int required, int preferred) {
        int fallback = -1;
        for (int i = 0; i < memoryTypeFlags.length; i++) {
            if ((typeBits & 1 << i) == 0 || (memoryTypeFlags[i] & required) != required) {
                continue;
            }
            if ((memoryTypeFlags[i] & preferred) == preferred) {
                return i;
            }
            if (fallback < 0) {
                fallback = i;
            }
        }
        return fallback;
    }

    /**
     * The memory type texlink uses for shared memory of a resource whose requirements allow
     * {@code memoryTypeBits}: the first device-local one, else the first allowed. Consumers repeat
     * this choice when they import OPAQUE_FD memory, so an application that allocates memory to
     * {@linkplain VulkanImage#wrap wrap} must use it too.
     *
     * @throws TexlinkUnsupportedException when no type is allowed
     */
    public int sharedMemoryTypeIndex(int memoryTypeBits) {
        return VulkanMemory.sharedMemoryType(this, memoryTypeBits, capabilities.deviceName());
    }

    /**
     * Submits {@code commands} (may be null: a submit that only waits or signals) to the queue.
     * Semaphores are timelines; a handle of {@code VK_NULL_HANDLE} leaves that side out.
     */
    void submit(VkCommandBuffer commands, long waitSemaphore, long waitValue, int waitStages, long signalSemaphore,
                long signalValue, long fence) {
        try (MemoryStack stack = stackPush()) {
            VkSubmitInfo submit = VkSubmitInfo.calloc(stack).sType$Default();
            if (commands != null) {
                submit.pCommandBuffers(stack.pointers(commands));
            }
            if (waitSemaphore != NULL || signalSemaphore != NULL) {
                VkTimelineSemaphoreSubmitInfo values = VkTimelineSemaphoreSubmitInfo.calloc(stack).sType$Default();
                if (waitSemaphore != NULL) {
                    submit.waitSemaphoreCount(1).pWaitSemaphores(stack.longs(waitSemaphore))
                            .pWaitDstStageMask(stack.ints(waitStages));
                    values.waitSemaphoreValueCount(1).pWaitSemaphoreValues(stack.longs(waitValue));
                }
                if (signalSemaphore != NULL) {
                    submit.pSignalSemaphores(stack.longs(signalSemaphore));
                    values.signalSemaphoreValueCount(1).pSignalSemaphoreValues(stack.longs(signalValue));
                }
                submit.pNext(values);
            }
            synchronized (queueLock) {
                check(vkQueueSubmit(queue, submit, fence), "vkQueueSubmit");
            }
        }
    }

    /** Waits until the queue has finished all work submitted so far; nothing to wait for once the context is closed. */
    void awaitIdle() {
        if (released) {
            return;
        }
        synchronized (queueLock) {
            check(vkQueueWaitIdle(queue), "vkQueueWaitIdle");
        }
    }

    /** Waits for {@code fence} (texlink's own GPU work) and resets it. */
    void awaitFence(long fence, String what) {
        try (MemoryStack stack = stackPush()) {
            check(vkWaitForFences(device, stack.longs(fence), true, FENCE_TIMEOUT_NANOS), "vkWaitForFences (" + what + ")");
            check(vkResetFences(device, stack.longs(fence)), "vkResetFences");
        }
    }

    /**
     * Closes texlink objects still open on this device (newest first), then, for a created
     * context, destroys the device, the validation messenger and the instance. Idempotent.
     */
    @Override
    public void close() {
        ShutdownCloser.forget(this);
        if (!ledger.closeOpenObjects()) {
            return;
        }
        if (liveObjectCount() != 0) {
            LOG.log(Level.WARNING, "texlink vulkan: Vulkan objects left on {0}: {1}", capabilities.deviceName(), liveObjects());
        }
        if (!ownsDevice) {
            released = true;
            return;
        }
        try {
            owner.call(() -> {
                destroyDeviceAndInstance();
                return null;
            });
        } finally {
            owner.stop();
        }
    }

    private void destroyDeviceAndInstance() {
        int idle = vkDeviceWaitIdle(device);
        released = true;
        if (idle != VK_SUCCESS) {
            LOG.log(Level.WARNING, "texlink vulkan: vkDeviceWaitIdle returned {0}; destroying the device anyway",
                    VulkanResult.name(idle));
        }
        vkDestroyDevice(device, null);
        if (messenger != NULL) {
            vkDestroyDebugUtilsMessengerEXT(instance, messenger, null);
        }
        vkDestroyInstance(instance, null);
        if (callback != null) {
            callback.free();
        }
    }

    @Override
    public String toString() {
        return "VulkanContext[" + capabilities.deviceName() + ", " + HexFormat.of().formatHex(identity.deviceUuid())
                + (ownsDevice ? "" : ", application's device") + "]";
    }
}
