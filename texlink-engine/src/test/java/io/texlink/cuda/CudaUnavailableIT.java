package io.texlink.cuda;

import io.texlink.testing.SecondJvm;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fresh JVMs without a CUDA driver, and without JCuda at all (it is an optional dependency): the
 * probe explains what is missing and every entry point throws {@code TexlinkUnsupportedException};
 * nothing crashes and no linkage error escapes.
 */
class CudaUnavailableIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final List<String> ENTRY_POINTS = List.of("CudaDevice.list", "CudaDevice.withUuidOf", "CudaContext.open",
            "CudaFrameImporter", "CudaFrameAllocator", "CudaMappedFrameAllocator");

    @Test
    void withJCudaButNoDriver() {
        CudaTestSupport.noCudaOrSkip();
        String output = run(System.getProperty("java.class.path"));
        assertThat(output).contains("AVAILABLE false " + CudaAvailability.check().reason());
    }

    @Test
    void withoutJCudaOnTheClassPath() {
        String withoutJCuda = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.contains("jcuda")).collect(Collectors.joining(File.pathSeparator));
        String output = run(withoutJCuda);
        assertThat(output).contains("AVAILABLE false JCuda is not on the class path; add org.jcuda:jcuda:12.6.0");
    }

    private static String run(String classPath) {
        try (SecondJvm jvm = SecondJvm.launch(List.of(), List.of(), classPath, NoCudaMain.class)) {
            assertThat(jvm.awaitExit(WAIT)).as(jvm.output()).isZero();
            String output = jvm.output();
            assertThat(output).as("the JVM finished").contains("DONE").doesNotContain("OTHER ").doesNotContain("WORKS ");
            for (String entryPoint : ENTRY_POINTS) {
                assertThat(output).contains("UNSUPPORTED " + entryPoint + ": ");
            }
            return output;
        }
    }
}
