package io.texlink.spring.autoconfigure.backend;

import io.texlink.spring.backend.TexlinkBackend;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.condition.ConditionEvaluationReport;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Run by {@link VulkanBackendAutoConfigurationTests} in a JVM whose Vulkan loader finds no driver:
 * starts the backend auto-configuration with {@code auto} and with {@code vulkan} and prints
 * {@code AUTO <backend>}, {@code AUTO REPORT <the Vulkan device condition's message>} and
 * {@code VULKAN FAILED <root cause>} (or {@code VULKAN STARTED}).
 */
public final class NoVulkanDeviceMain {
    private NoVulkanDeviceMain() {
    }

    public static void main(String[] args) {
        ApplicationContextRunner runner = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(TexlinkBackendAutoConfiguration.class));
        runner.run(context -> {
            System.out.println("AUTO " + context.getBean(TexlinkBackend.class));
            ConditionEvaluationReport.get(context.getBeanFactory()).getConditionAndOutcomesBySource()
                    .get(BackendConfigurations.class.getName() + "$Vulkan")
                    .forEach(o -> System.out.println("AUTO REPORT " + o.getOutcome().getMessage()));
        });
        runner.withPropertyValues("texlink.backend=vulkan").run(context -> {
            Throwable failure = context.getStartupFailure();
            while (failure != null && failure.getCause() != null) {
                failure = failure.getCause();
            }
            System.out.println(failure == null ? "VULKAN STARTED" : "VULKAN FAILED " + failure.getMessage());
        });
    }
}
