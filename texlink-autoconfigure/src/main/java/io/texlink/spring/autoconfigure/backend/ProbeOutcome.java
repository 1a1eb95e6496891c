package io.texlink.spring.autoconfigure.backend;

/**
 * What a backend's probe ({@link VulkanDeviceProbe}, {@link EglContextProbe}) found by doing what
 * the backend will do.
 *
 * @param usable true when texlink can share frames through this machine's device
 * @param reason for the conditions report and a selected backend's startup failure: the device
 *               found, or why none is usable
 */
record ProbeOutcome(boolean usable, String reason) {
}
