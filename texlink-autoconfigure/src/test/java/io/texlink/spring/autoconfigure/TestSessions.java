package io.texlink.spring.autoconfigure;

import java.util.concurrent.atomic.AtomicInteger;

/** Session names no other test, suite or process on this machine uses at the same time. */
public final class TestSessions {
    private static final AtomicInteger NEXT = new AtomicInteger();

    private TestSessions() {
    }

    /** e.g. {@code sb-4711-3-cam}: pid and a counter keep concurrent runs apart. */
    public static String unique(String label) {
        return "sb-" + ProcessHandle.current().pid() + "-" + NEXT.incrementAndGet() + "-" + label;
    }
}
