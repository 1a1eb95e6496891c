package io.texlink.spring.autoconfigure.backend;

import org.springframework.context.annotation.Conditional;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Matches when texlink can create a Vulkan device here that shares memory: LWJGL's natives load,
 * the loader supports Vulkan 1.2, a 1.2 device exists and it exports memory as OPAQUE_FD or
 * DMA-BUF. Evaluated last, after the class, property, OS and library conditions, so the probe
 * runs only for a backend that is selected and could work; see {@link VulkanDeviceProbe}.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Conditional(OnVulkanDeviceCondition.class)
public @interface ConditionalOnVulkanDevice {
}
