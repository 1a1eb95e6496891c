package io.texlink.cuda;

import io.texlink.TexlinkResourceException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatNoException;

class CudaCallExceptionTest {

    @Test
    void namesTheCallTheResultAndTheWork() {
        CudaCallException e = new CudaCallException("cuImportExternalMemory", 1, "buffer 0 (RAW 64 bytes), dedicated");
        assertThat(e).isInstanceOf(TexlinkResourceException.class)
                .hasMessage("cuImportExternalMemory failed: CUDA_ERROR_INVALID_VALUE (1); buffer 0 (RAW 64 bytes), dedicated");
        assertThat(e.call()).isEqualTo("cuImportExternalMemory");
        assertThat(e.result()).isEqualTo(1);
        assertThat(e.resultName()).isEqualTo("CUDA_ERROR_INVALID_VALUE");
    }

    @Test
    void checkPassesSuccessAndThrowsOnErrors() {
        assertThatNoException().isThrownBy(() -> CudaCallException.check(0, "cuMemMap"));
        assertThatThrownBy(() -> CudaCallException.check(2, "cuMemCreate"))
                .isInstanceOf(CudaCallException.class).hasMessage("cuMemCreate failed: CUDA_ERROR_OUT_OF_MEMORY (2)");
        assertThatThrownBy(() -> CudaCallException.check(100, "cuInit", "probe"))
                .hasMessage("cuInit failed: CUDA_ERROR_NO_DEVICE (100); probe");
        assertThat(CudaCallException.resultName(34)).isEqualTo("CUDA_ERROR_STUB_LIBRARY");
    }
}
