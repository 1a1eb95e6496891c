package io.texlink.spring.autoconfigure.backend;

import io.texlink.spring.autoconfigure.TexlinkProperties;
import io.texlink.spring.backend.TexlinkBackend;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;

/**
 * {@link EnableAutoConfiguration Auto-configuration} of the {@link TexlinkBackend} chosen by
 * {@code texlink.backend}: GPU backends first, then CPU; a selected backend that is unavailable
 * stops startup with the conditions it failed.
 */
@AutoConfiguration
@EnableConfigurationProperties(TexlinkProperties.class)
@Import({ BackendConfigurations.Vulkan.class, BackendConfigurations.Cuda.class, BackendConfigurations.Egl.class,
        BackendConfigurations.Cpu.class, BackendConfigurations.Unavailable.class })
public final class TexlinkBackendAutoConfiguration {
}
