package io.texlink.bench;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class TrialGateTest {
    private static final long SECOND = 1_000_000_000L;
    private static final Cell A = Cell.paced(Method.CUDA_IPC, FrameSize.HD_1080P, 60);
    private static final Cell A_4K = Cell.paced(Method.CUDA_IPC, FrameSize.UHD_4K, 60);
    private static final Cell B = Cell.paced(Method.VULKAN_CUDA, FrameSize.HD_1080P, 60);

    private static SuiteSettings budget(Duration budget) {
        SuiteSettings s = SuiteSettings.smoke();
        return new SuiteSettings(s.name(), s.rounds(), s.warmup(), s.measure(), s.minMeasuredFrames(), s.slack(), budget);
    }

    @Test
    void aTrialThatWouldLikelyEndPastTheBudgetIsNotStarted() {
        TrialGate gate = new TrialGate(budget(Duration.ofSeconds(20)), 0);
        assertThat(gate.refusal(A, 0)).isEmpty();
        gate.ran(A, true);
        gate.ran(B, true);

        assertThat(gate.refusal(A, 13 * SECOND)).isEmpty();
        assertThat(gate.refusal(A, 14 * SECOND)).hasValue("the suite's time budget of 20 s would have run out");
    }

    @Test
    void withoutABudgetTimeIsNoReason() {
        TrialGate gate = new TrialGate(SuiteSettings.full(), 0);
        gate.ran(A, true);

        assertThat(gate.refusal(A, 3600 * SECOND)).isEmpty();
    }

    @Test
    void aMethodWhoseFirstTrialsOnlyFailedIsGivenUp() {
        TrialGate gate = new TrialGate(SuiteSettings.full(), 0);
        gate.ran(A, false);
        assertThat(gate.refusal(A_4K, 0)).isEmpty();
        gate.ran(A_4K, false);

        assertThat(gate.refusal(A, 0)).hasValue("the method's first 2 trials failed and none succeeded");
        assertThat(gate.refusal(B, 0)).isEmpty();
    }

    @Test
    void aMethodThatSucceededOnceKeepsRunning() {
        TrialGate gate = new TrialGate(SuiteSettings.full(), 0);
        gate.ran(A, true);
        gate.ran(A, false);
        gate.ran(A_4K, false);

        assertThat(gate.refusal(A, 0)).isEmpty();
    }
}
