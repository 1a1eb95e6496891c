package io.texlink.lifecycle;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OwnerThreadTest {

    @Test
    void everyCallRunsOnTheOneNamedDaemonThreadAndReturnsItsResult() {
        OwnerThread owner = OwnerThread.named("owner-test");
        try {
            Thread first = owner.call(Thread::currentThread);
            assertThat(first.getName()).isEqualTo("owner-test");
            assertThat(first.isDaemon()).isTrue();
            assertThat(owner.call(Thread::currentThread)).isSameAs(first);
            assertThat(owner.call(() -> 6 * 7)).isEqualTo(42);
            assertThat(owner.call(() -> owner.call(Thread::currentThread))).as("a nested call runs in place").isSameAs(first);
        } finally {
            owner.stop();
        }
    }

    @Test
    void failuresReachTheCallerAndTheThreadGoesOn() {
        OwnerThread owner = OwnerThread.named("owner-test");
        try {
            assertThatThrownBy(() -> owner.call(() -> {
                throw new IllegalArgumentException("bad value");
            })).isInstanceOf(IllegalArgumentException.class).hasMessage("bad value");
            assertThatThrownBy(() -> owner.call(() -> {
                throw new IOException("no file");
            })).isInstanceOf(IllegalStateException.class).hasCauseInstanceOf(IOException.class);
            assertThat(owner.call(() -> "still here")).isEqualTo("still here");
        } finally {
            owner.stop();
        }
    }

    @Test
    void concurrentCallersAreServedOneAtATimeOnTheSameThread() throws Exception {
        OwnerThread owner = OwnerThread.named("owner-test");
        ExecutorService callers = Executors.newFixedThreadPool(4);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        Set<Thread> threads = ConcurrentHashMap.newKeySet();
        try {
            Future<?>[] calls = new Future<?>[200];
            for (int i = 0; i < calls.length; i++) {
                int n = i;
                calls[i] = callers.submit(() -> assertThat(owner.call(() -> {
                    mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                    threads.add(Thread.currentThread());
                    running.decrementAndGet();
                    return n;
                })).isEqualTo(n));
            }
            for (Future<?> call : calls) {
                call.get(10, TimeUnit.SECONDS);
            }
            assertThat(mostAtOnce.get()).isEqualTo(1);
            assertThat(threads).hasSize(1);
        } finally {
            callers.shutdownNow();
            owner.stop();
        }
    }

    @Test
    void aStoppedOwnerRefusesWorkAndItsThreadEnds() throws Exception {
        OwnerThread owner = OwnerThread.named("owner-test");
        Thread thread = owner.call(Thread::currentThread);
        owner.stop();
        thread.join(10_000);
        assertThat(thread.isAlive()).isFalse();
        assertThatThrownBy(() -> owner.call(() -> 1)).isInstanceOf(IllegalStateException.class).hasMessageContaining("stopped");
    }

    @Test
    void anInterruptedCallerStillGetsItsResultAndKeepsTheInterrupt() {
        OwnerThread owner = OwnerThread.named("owner-test");
        try {
            Thread.currentThread().interrupt();
            assertThat(owner.call(() -> "done")).isEqualTo("done");
            assertThat(Thread.interrupted()).as("the interrupt is kept, and cleared here").isTrue();
        } finally {
            owner.stop();
        }
    }
}
