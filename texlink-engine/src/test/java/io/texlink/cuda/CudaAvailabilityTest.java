package io.texlink.cuda;

import io.texlink.TexlinkUnsupportedException;
import jcuda.driver.JCudaDriver;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

class CudaAvailabilityTest {

    @Test
    void theProbeRunsOnceAndExplainsItself() {
        CudaAvailability first = CudaAvailability.check();
        assertThat(CudaAvailability.check()).isSameAs(first);
        assertThat(first.reason()).isNotBlank();
        if (first.available()) {
            assertThat(first.reason()).startsWith("CUDA driver ").contains("GPU-");
            first.require("test"); // does not throw
        } else {
            assertThatThrownBy(() -> first.require("the test's operation"))
                    .isInstanceOf(TexlinkUnsupportedException.class)
                    .hasMessage("the test's operation needs CUDA, which is not available here: " + first.reason());
        }
    }

    @Test
    void withoutTheDriverLibraryTheReasonNamesIt() {
        assumeFalse(CudaTestSupport.driverLibraryLoads(), "libcuda.so.1 loads here");
        CudaAvailability cuda = CudaAvailability.check();
        assertThat(cuda.available()).isFalse();
        assertThat(cuda.reason()).startsWith("libcuda.so.1 cannot be loaded, so no NVIDIA driver is installed here");
    }

    @Test
    void aFailedJCudaLoadIsDescribedOnOneLineWithTheMissingLibrary() {
        assumeFalse(CudaTestSupport.driverLibraryLoads(), "libcuda.so.1 loads here, so JCuda's library does too");
        try {
            JCudaDriver.cuInit(0);
            fail("JCuda's native library loaded without libcuda.so.1");
        } catch (LinkageError e) {
            String line = CudaAvailability.describe(e);
            assertThat(line).doesNotContain("\n")
                    .startsWith("Error while loading native library \"JCudaDriver-12.6.0-linux-x86_64\"")
                    .contains("libcuda.so.1: cannot open shared object file");
        }
    }
}
