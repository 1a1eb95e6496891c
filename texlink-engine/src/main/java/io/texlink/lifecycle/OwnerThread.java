package io.texlink.lifecycle;

import java.util.concurrent.Callable;

/**
 * One daemon thread that runs native work handed to it, one call at a time, while the caller
 * waits. NVIDIA's drivers need it (seen on an H200 with driver 580.159.04): a Vulkan instance and
 * device destroyed on another thread than the one that created them, or any live thread left with
 * EGL state, kill the JVM at exit (SIGSEGV in a driver thread) — which a shutdown hook, Spring
 * closing its beans on SIGTERM, or GL calls from application threads would otherwise do.
 *
 * <p>Texlink's EGL calls go through it per frame, so a call allocates nothing of its own: the
 * task travels through one monitor-guarded slot, not a queue.
 */
public final class OwnerThread {
    private final String name;
    /** Guards every field below; callers and the thread wait on it. */
    private final Object slot = new Object();
    private Thread thread;
    /** A caller's task, between its hand-over and the caller taking the outcome; null when the slot is free. */
    private Callable<?> task;
    private boolean done;
    private Object result;
    private Throwable failure;
    private boolean stopped;

    private OwnerThread(String name) {
        this.name = name;
    }

    /** A new owner thread, started on first use. */
    public static OwnerThread named(String name) {
        return new OwnerThread(name);
    }

    /**
     * Runs {@code work} on the owner thread and waits for it; runs it at once when already there.
     * The wait is not interruptible (the thread is using the caller's objects); an interrupt is
     * kept for the caller.
     *
     * @throws IllegalStateException after {@link #stop()}, or wrapping a checked exception of {@code work}
     */
    @SuppressWarnings("unchecked")
    public <T> T call(Callable<T> work) {
        if (Thread.currentThread() == thread) {
            return callHere(work);
        }
        boolean interrupted = false;
        try {
            synchronized (slot) {
                while (task != null) {
                    interrupted |= await();
                }
                if (stopped) {
                    throw new IllegalStateException(name + " is stopped");
                }
                if (thread == null) {
                    thread = Thread.ofPlatform().daemon().name(name).start(this::serve);
                }
                task = work;
                done = false;
                slot.notifyAll();
                while (!done) {
                    interrupted |= await();
                }
                Object value = result;
                Throwable thrown = failure;
                task = null;
                result = null;
                failure = null;
                slot.notifyAll();
                if (thrown instanceof RuntimeException r) {
                    throw r;
                }
                if (thrown instanceof Error e) {
                    throw e;
                }
                if (thrown != null) {
                    throw new IllegalStateException(thrown);
                }
                return (T) value;
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Waits on the slot; true when the wait was interrupted. Holds the slot's monitor. */
    private boolean await() {
        try {
            slot.wait();
            return false;
        } catch (InterruptedException e) {
            return true;
        }
    }

    /** The owner thread: runs each task handed over until {@link #stop()} and no task is left. */
    private void serve() {
        while (true) {
            Callable<?> next;
            synchronized (slot) {
                while (task == null || done) {
                    if (stopped && task == null) {
                        return;
                    }
                    await();
                }
                next = task;
            }
            Object value = null;
            Throwable thrown = null;
            try {
                value = next.call();
            } catch (Throwable t) {
                thrown = t;
            }
            synchronized (slot) {
                result = value;
                failure = thrown;
                done = true;
                slot.notifyAll();
            }
        }
    }

    private static <T> T callHere(Callable<T> work) {
        try {
            return work.call();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Ends the thread once the call in progress, if any, is done; later calls fail. */
    public void stop() {
        synchronized (slot) {
            stopped = true;
            slot.notifyAll();
        }
    }
}
