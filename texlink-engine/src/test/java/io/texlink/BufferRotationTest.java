package io.texlink;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class BufferRotationTest {
    @Test
    void singleBufferingWritesBufferZeroOnceNobodyHoldsIt() {
        assertThat(BufferRotation.next(1, -1, -1, i -> true)).isZero();
        assertThat(BufferRotation.next(1, 0, 0, i -> true)).isZero();
        assertThat(BufferRotation.next(1, 0, 0, i -> false)).isEqualTo(-1);
    }

    @Test
    void doubleBufferingWritesTheBufferThatIsNotCurrent() {
        assertThat(BufferRotation.next(2, -1, -1, i -> true)).isZero();
        assertThat(BufferRotation.next(2, 0, 0, i -> true)).isEqualTo(1);
        assertThat(BufferRotation.next(2, 1, 1, i -> true)).isZero();
        assertThat(BufferRotation.next(2, 1, 1, i -> i != 0)).isEqualTo(-1); // the other one is held
    }

    @Test
    void tripleBufferingGoesRoundRobinSkippingHeldAndCurrent() {
        assertThat(BufferRotation.next(3, -1, -1, i -> true)).isZero();
        assertThat(BufferRotation.next(3, 0, 0, i -> true)).isEqualTo(1);
        assertThat(BufferRotation.next(3, 1, 1, i -> true)).isEqualTo(2);
        assertThat(BufferRotation.next(3, 2, 2, i -> true)).isZero();
        assertThat(BufferRotation.next(3, 2, 2, i -> i != 0)).isEqualTo(1);
        assertThat(BufferRotation.next(3, 2, 2, i -> i == 2)).isEqualTo(-1); // only the current one is free
    }
}
