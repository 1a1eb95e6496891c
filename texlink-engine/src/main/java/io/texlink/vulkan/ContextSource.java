package io.texlink.vulkan;

import io.texlink.backend.DeviceIdentity;

import java.util.Objects;
import java.util.Optional;

/**
 * Where an allocator or importer gets its {@link VulkanContext}: the application's, which it
 * leaves open, or one of its own, created from options and closed with it.
 */
record ContextSource(VulkanContext given, VulkanContext.Options options) {

    static ContextSource application(VulkanContext context) {
        return new ContextSource(Objects.requireNonNull(context, "context"), null);
    }

    static ContextSource own(VulkanContext.Options options) {
        return new ContextSource(null, Objects.requireNonNull(options, "options"));
    }

    /** True when the context is created here and must be closed by its user. */
    boolean owned() {
        return given == null;
    }

    /** The application's context, or a new one (on {@code device} where one is named). */
    VulkanContext open(Optional<DeviceIdentity> device) {
        return given != null ? given : VulkanContext.create(device.map(options::withDevice).orElse(options));
    }
}
