package io.texlink.spring.autoconfigure.backend;

import io.texlink.spring.backend.TexlinkBackend;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.condition.ConditionEvaluationReport;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import java.util.Locale;

/**
 * Run by the backend tests in a JVM whose environment takes a driver away (the Vulkan loader
 * finds no driver; {@code libcuda.so.1} lacks CUDA's entry points): starts the backend
 * auto-configuration with {@code auto} and with {@code texlink.backend=<args[0]>}, and prints
 * {@code AUTO <backend>}, {@code AUTO REPORT <each condition message of the backend's
 * configuration BackendConfigurations$<args[1]>>} and {@code <ARGS[0]> FAILED <root cause>} (or
 * {@code <ARGS[0]> STARTED}).
 */
public final class SelectedBackendMain {
    private SelectedBackendMain() {
    }

    public static void main(String[] args) {
        String backend = args[0];
        String configuration = BackendConfigurations.class.getName() + "$" + args[1];
        ApplicationContextRunner runner = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(TexlinkBackendAutoConfiguration.class));
        runner.run(context -> {
            System.out.println("AUTO " + context.getBean(TexlinkBackend.class));
            ConditionEvaluationReport.get(context.getBeanFactory()).getConditionAndOutcomesBySource().get(configuration)
                    .forEach(o -> System.out.println("AUTO REPORT " + o.getOutcome().getMessage()));
        });
        String label = backend.toUpperCase(Locale.ROOT);
        runner.withPropertyValues("texlink.backend=" + backend).run(context -> {
            Throwable failure = context.getStartupFailure();
            while (failure != null && failure.getCause() != null) {
                failure = failure.getCause();
            }
            System.out.println(failure == null ? label + " STARTED" : label + " FAILED " + failure.getMessage());
        });
    }
}
