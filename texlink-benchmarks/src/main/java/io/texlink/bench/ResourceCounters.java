package io.texlink.bench;

import java.lang.management.ManagementFactory;

/** Bytes allocated by the calling thread and CPU time of this process, read around the measured frames. */
final class ResourceCounters {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean SYSTEM =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private ResourceCounters() {
    }

    /** Heap bytes the calling thread has allocated since it started (HotSpot counts them exactly). */
    static long threadAllocatedBytes() {
        return THREADS.getCurrentThreadAllocatedBytes();
    }

    /** CPU nanoseconds this process has used, all threads (JIT and GC included). */
    static long processCpuNanos() {
        return SYSTEM.getProcessCpuTime();
    }
}
