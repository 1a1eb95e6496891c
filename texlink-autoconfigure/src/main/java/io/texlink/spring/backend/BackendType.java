package io.texlink.spring.backend;

/**
 * The values of {@code texlink.backend}: which graphics API shares the frames.
 *
 * <p>{@link #AUTO} takes the best backend whose prerequisites this machine meets, in the order
 * GPU backends first, {@link #CPU} last. A backend joins that choice once the engine implements
 * it ({@link #implemented()}), unless it is one an application must ask for
 * ({@link #pickedByAuto()}: {@link #CUDA}, {@link #EGL}). One the engine does not implement can only be named,
 * and naming it stops the application at startup with what is missing.
 */
public enum BackendType {
    /**
     * The best backend available here: {@link #VULKAN} where a usable Vulkan device is, else
     * {@link #CPU}; never {@link #CUDA} or {@link #EGL}.
     */
    AUTO("auto", false, false),
    /** Frames in CPU memory (sealed memfd or DMA-BUF): works on every Linux machine. */
    CPU("CPU", true, true),
    /**
     * OpenGL ES textures and buffers in an EGL context, through LWJGL: {@link EglBackend}. Only when
     * named: {@link #AUTO} never picks it, because it changes what the application's code receives
     * (GL textures in an EGL context, where {@link #AUTO} gives Vulkan frames), and every machine
     * where it shares OPAQUE_FD memory has the Vulkan device on the same GPU that it needs for it,
     * which {@link #AUTO} picks.
     */
    EGL("EGL", true, false),
    /** Vulkan external memory, through LWJGL: {@link VulkanBackend}. */
    VULKAN("Vulkan", true, true),
    /**
     * CUDA device memory, through JCuda: {@link CudaBackend}. Only when named: {@link #AUTO} never
     * picks it, because it changes what the application's code receives (CUDA pointers and arrays,
     * where {@link #AUTO} on the same machine gives Vulkan frames: NVIDIA's driver brings Vulkan
     * too) and, with CUDA producer memory, which consumers can read the frames at all.
     */
    CUDA("CUDA", true, false),
    /** Direct3D 11 shared textures: reserved for the Windows backends. */
    D3D11("Direct3D 11", false, false),
    /** Direct3D 12 shared resources: reserved for the Windows backends. */
    D3D12("Direct3D 12", false, false);

    private final String displayName;
    private final boolean implemented;
    private final boolean pickedByAuto;

    BackendType(String displayName, boolean implemented, boolean pickedByAuto) {
        this.displayName = displayName;
        this.implemented = implemented;
        this.pickedByAuto = pickedByAuto;
    }

    /** How people write the API's name: "Vulkan", "CUDA". */
    public String displayName() {
        return displayName;
    }

    /** True when this texlink build has the engine part of this backend. */
    public boolean implemented() {
        return implemented;
    }

    /** True when {@link #AUTO} picks this backend where its prerequisites are met: implemented, and not {@link #CUDA} or {@link #EGL}. */
    public boolean pickedByAuto() {
        return pickedByAuto;
    }

    /** The value as written in configuration: {@code vulkan}, {@code d3d11}. */
    public String propertyValue() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
