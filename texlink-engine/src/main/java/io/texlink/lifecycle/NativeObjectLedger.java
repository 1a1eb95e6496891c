package io.texlink.lifecycle;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What texlink holds on one GPU context (a Vulkan device, an EGL context): a count of the native
 * objects it created there and has not destroyed yet, by type, so tests and operators can see
 * leaks; and the texlink objects still open on it (frames, allocators, semaphores), which the
 * context closes, newest first, before it goes away. Thread-safe.
 */
public final class NativeObjectLedger {
    private final System.Logger log;
    private final String logPrefix;
    private final String contextName;
    private final String deviceName;
    private final Map<String, Integer> live = new TreeMap<>();
    private final Set<AutoCloseable> open = new LinkedHashSet<>();
    private boolean closing;

    /**
     * @param log         the context's logger
     * @param logPrefix   what the context's log lines start with, e.g. {@code "texlink vulkan"}
     * @param contextName the kind of context, for errors, e.g. {@code "Vulkan context"}
     * @param deviceName  the device or renderer it is on
     */
    public NativeObjectLedger(System.Logger log, String logPrefix, String contextName, String deviceName) {
        this.log = log;
        this.logPrefix = logPrefix;
        this.contextName = contextName;
        this.deviceName = deviceName;
    }

    /** One more native object of {@code type} (e.g. "VkImage", "texture"). */
    public void created(String type) {
        synchronized (live) {
            live.merge(type, 1, Integer::sum);
        }
    }

    /** One object of {@code type} fewer. */
    public void destroyed(String type) {
        synchronized (live) {
            if (live.merge(type, -1, Integer::sum) == 0) {
                live.remove(type);
            }
        }
    }

    /** Native objects created and not destroyed yet, by type. */
    public Map<String, Integer> liveObjects() {
        synchronized (live) {
            return Map.copyOf(live);
        }
    }

    /** Sum of {@link #liveObjects()}: 0 when everything is destroyed. */
    public int liveObjectCount() {
        synchronized (live) {
            return live.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    /**
     * Registers a texlink object to close before the context goes away, should the application not close it.
     *
     * @throws IllegalStateException once {@link #closeOpenObjects()} began
     */
    public void adopt(AutoCloseable child) {
        synchronized (open) {
            if (closing) {
                throw new IllegalStateException("the " + contextName + " on " + deviceName + " is closed");
            }
            open.add(child);
        }
    }

    /** Called from a child's close(). */
    public void disown(AutoCloseable child) {
        synchronized (open) {
            open.remove(child);
        }
    }

    /**
     * Refuses new objects from now on and closes those still open, newest first, logging what it
     * closes and what fails to close.
     *
     * @return false when this was called before (the context is closing or closed already)
     */
    public boolean closeOpenObjects() {
        List<AutoCloseable> children;
        synchronized (open) {
            if (closing) {
                return false;
            }
            closing = true;
            children = new ArrayList<>(open);
        }
        if (!children.isEmpty()) {
            log.log(Level.WARNING, logPrefix + ": closing {0} objects still open on {1}: {2}", children.size(),
                    deviceName, children);
        }
        for (int i = children.size() - 1; i >= 0; i--) {
            try {
                children.get(i).close();
            } catch (Exception e) {
                log.log(Level.WARNING, logPrefix + ": closing " + children.get(i) + " failed", e);
            }
        }
        return true;
    }
}
