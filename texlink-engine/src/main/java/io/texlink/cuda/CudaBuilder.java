package io.texlink.cuda;

import java.time.Duration;

/**
 * What every builder of the CUDA backend offers. Holds no JCuda types, so that builders link
 * without JCuda on the class path and then report CUDA as unavailable.
 *
 * @param <B> the concrete builder, returned by each option for chaining
 */
public abstract class CudaBuilder<B extends CudaBuilder<B>> {
    Duration waitTimeout = Duration.ofSeconds(10);

    CudaBuilder() {
    }

    /**
     * How long a wait for a frame's stream may take before it throws
     * {@link io.texlink.TexlinkTimeoutException}: releasing a received frame (the producer's signal
     * and your reads), ending a written frame (your writes), copies; default 10 s.
     */
    public B waitTimeout(Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("the wait timeout must be positive, got " + value);
        }
        this.waitTimeout = value;
        return self();
    }

    @SuppressWarnings("unchecked")
    final B self() {
        return (B) this;
    }

    /** For the {@code device(int)} options. */
    static int ordinal(int value) {
        if (value < 0) {
            throw new IllegalArgumentException("device ordinal " + value + " is negative");
        }
        return value;
    }
}
