package io.texlink.lifecycle;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Closes what texlink still holds open when the JVM exits: sockets, shared-memory names, registry
 * entries, and GPU objects (on NVIDIA a JVM that exits with a live Vulkan device or EGL display
 * crashes in the driver). Resources register on creation and deregister on close; the hook closes
 * the rest, newest first.
 */
public final class ShutdownCloser {
    private static final Set<AutoCloseable> OPEN = new LinkedHashSet<>();
    private static boolean hookInstalled;

    private ShutdownCloser() {
    }

    /** Closes {@code resource} at JVM exit unless it was {@link #forget forgotten} before. */
    public static synchronized void closeAtExit(AutoCloseable resource) {
        if (!hookInstalled) {
            Runtime.getRuntime().addShutdownHook(new Thread(ShutdownCloser::closeAll, "texlink-shutdown"));
            hookInstalled = true;
        }
        OPEN.add(resource);
    }

    /** Called by a resource's own close(). */
    public static synchronized void forget(AutoCloseable resource) {
        OPEN.remove(resource);
    }

    private static void closeAll() {
        List<AutoCloseable> open;
        synchronized (ShutdownCloser.class) {
            open = new ArrayList<>(OPEN);
        }
        for (int i = open.size() - 1; i >= 0; i--) {
            try {
                open.get(i).close();
            } catch (Exception | Error e) {
                System.err.println("texlink: closing " + open.get(i) + " at exit failed: " + e);
            }
        }
    }
}
