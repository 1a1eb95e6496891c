package io.texlink.lifecycle;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * One daemon thread that creates a native object and later destroys it. NVIDIA's Vulkan driver
 * kills the JVM at exit (SIGSEGV in a driver thread) when an instance and device are destroyed on
 * another thread than the one that created them — which is what a shutdown hook, or Spring closing
 * its beans on SIGTERM, would otherwise do. Seen on an H200 with driver 580.159.04.
 */
public final class OwnerThread {
    private final ExecutorService executor;
    private volatile Thread thread;

    private OwnerThread(String name) {
        this.executor = Executors.newSingleThreadExecutor(task -> {
            Thread t = Thread.ofPlatform().daemon().name(name).unstarted(task);
            thread = t;
            return t;
        });
    }

    /** A new owner thread, started on first use. */
    public static OwnerThread named(String name) {
        return new OwnerThread(name);
    }

    /** Runs {@code task} on the owner thread and waits for it; runs it at once when already there. */
    public <T> T call(Callable<T> task) {
        if (Thread.currentThread() == thread) {
            return callHere(task);
        }
        Future<T> result = executor.submit(task);
        try {
            return result.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + thread.getName(), e);
        }
    }

    private static <T> T callHere(Callable<T> task) {
        try {
            return task.call();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Ends the thread once its queued work is done. */
    public void stop() {
        executor.shutdown();
    }
}
