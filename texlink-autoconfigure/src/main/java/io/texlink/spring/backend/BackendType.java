package io.texlink.spring.backend;

/**
 * The values of {@code texlink.backend}: which graphics API shares the frames.
 *
 * <p>{@link #AUTO} takes the best backend whose prerequisites this machine meets, in the order
 * GPU backends first, {@link #CPU} last. A backend joins that choice once the engine implements
 * it ({@link #implemented()}); until then it can only be named explicitly, and naming it stops the
 * application at startup with what is missing.
 */
public enum BackendType {
    /** The best backend available here: {@link #VULKAN} where a usable Vulkan device is, else {@link #CPU}. */
    AUTO("auto", false),
    /** Frames in CPU memory (sealed memfd or DMA-BUF): works on every Linux machine. */
    CPU("CPU", true),
    /** EGL images (OpenGL / OpenGL ES), through LWJGL. Not in the engine yet. */
    EGL("EGL", false),
    /** Vulkan external memory, through LWJGL: {@link VulkanBackend}. */
    VULKAN("Vulkan", true),
    /** CUDA external memory, through JCuda. Not in the engine yet. */
    CUDA("CUDA", false),
    /** Direct3D 11 shared textures: reserved for the Windows backends. */
    D3D11("Direct3D 11", false),
    /** Direct3D 12 shared resources: reserved for the Windows backends. */
    D3D12("Direct3D 12", false);

    private final String displayName;
    private final boolean implemented;

    BackendType(String displayName, boolean implemented) {
        this.displayName = displayName;
        this.implemented = implemented;
    }

    /** How people write the API's name: "Vulkan", "CUDA". */
    public String displayName() {
        return displayName;
    }

    /** True when this texlink build has the engine part of this backend, so {@link #AUTO} may pick it. */
    public boolean implemented() {
        return implemented;
    }

    /** The value as written in configuration: {@code vulkan}, {@code d3d11}. */
    public String propertyValue() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
