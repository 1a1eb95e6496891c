package io.texlink.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TrialRunnerTest {

    @Test
    void failureTextKeepsTheExceptionsAndDropsStackFramesAndWarnings() {
        String output = String.join("\n",
                "WARNING: A restricted method in java.lang.System has been called",
                "Exception in thread \"main\" io.texlink.cuda.CudaCallException: cuIpcOpenMemHandle failed:"
                        + " CUDA_ERROR_INVALID_VALUE (1); CUDA IPC consumer, buffer 0",
                "\tat io.texlink.bench.gpu.CudaCalls.check(CudaCalls.java:30)",
                "\tat io.texlink.bench.ConsumerMain.main(ConsumerMain.java:31)",
                "Caused by: java.lang.IllegalStateException: inner",
                "\t... 3 more");

        assertThat(TrialRunner.lastLines(output).lines()).containsExactly(
                "Exception in thread \"main\" io.texlink.cuda.CudaCallException: cuIpcOpenMemHandle failed:"
                        + " CUDA_ERROR_INVALID_VALUE (1); CUDA IPC consumer, buffer 0",
                "Caused by: java.lang.IllegalStateException: inner");
    }
}
