package io.texlink.spring;

import java.util.concurrent.locks.LockSupport;

/** A platform thread that calls an application callback until stopped: the base of the producer and consumer loops. */
abstract class CallbackLoop {
    private final String threadName;
    private volatile boolean running;
    private Thread thread;

    CallbackLoop(String threadName) {
        this.threadName = threadName;
    }

    final void start() {
        running = true;
        thread = Thread.ofPlatform().daemon().name(threadName).start(this::run);
    }

    /** Stops the loop and waits for the callback in progress to return. */
    final void stop() {
        running = false;
        if (thread == null) {
            return;
        }
        LockSupport.unpark(thread);
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    final boolean running() {
        return running;
    }

    /** The loop body; returns when {@link #running()} turns false or the loop gives up. */
    abstract void run();
}
