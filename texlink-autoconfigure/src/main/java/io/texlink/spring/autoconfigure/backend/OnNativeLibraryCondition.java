package io.texlink.spring.autoconfigure.backend;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.type.AnnotatedTypeMetadata;

import java.lang.foreign.Arena;
import java.lang.foreign.SymbolLookup;
import java.util.Objects;

/**
 * {@link ConditionalOnNativeLibrary}: loads the library through FFM in a confined arena and
 * unloads it at once. A library that is missing, or that this JVM may not load (native access not
 * enabled), is a non-match with the reason, never an exception. Ordered after every other
 * condition but {@link OnVulkanDeviceCondition}, whose probe needs the library.
 */
@Order(Ordered.LOWEST_PRECEDENCE - 1)
final class OnNativeLibraryCondition extends SpringBootCondition {

    @Override
    @SuppressWarnings("restricted") // loading the library is the probe; without native access it is a non-match
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        String library = (String) Objects.requireNonNull(
                metadata.getAnnotationAttributes(ConditionalOnNativeLibrary.class.getName())).get("value");
        ConditionMessage.Builder message = ConditionMessage.forCondition(ConditionalOnNativeLibrary.class, library);
        try (Arena arena = Arena.ofConfined()) {
            SymbolLookup.libraryLookup(library, arena);
            return ConditionOutcome.match(message.because("the dynamic linker loaded " + library));
        } catch (IllegalArgumentException e) {
            return ConditionOutcome.noMatch(message.because("the dynamic linker cannot load " + library
                    + " (is the driver installed?)"));
        } catch (IllegalCallerException e) {
            return ConditionOutcome.noMatch(message.because("native access is not enabled, so " + library
                    + " was not probed: start the JVM with --enable-native-access=ALL-UNNAMED"));
        }
    }
}
