package io.texlink.vulkan;

import io.texlink.TexlinkUnsupportedException;

/**
 * Tries to create a Vulkan context in a JVM started without a usable Vulkan loader and prints
 * what happened: {@code UNSUPPORTED <message>}, {@code CREATED}, or the unexpected throwable.
 */
public final class NoVulkanMain {
    private NoVulkanMain() {
    }

    public static void main(String[] args) {
        System.out.println("VALIDATION " + VulkanContext.validationLayerInstalled());
        try (VulkanContext context = VulkanContext.create()) {
            System.out.println("CREATED " + context);
        } catch (TexlinkUnsupportedException e) {
            System.out.println("UNSUPPORTED " + e.getMessage());
        }
    }
}
