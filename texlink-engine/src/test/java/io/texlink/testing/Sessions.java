package io.texlink.testing;

import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/** Unique socket paths, so tests running side by side (or beside other suites) never share a session. */
public final class Sessions {
    private Sessions() {
    }

    /** {@code dir/t<random>.sock}; the control block becomes {@code /texlink_t<random>}. */
    public static Path uniqueSocket(Path dir) {
        return dir.resolve("t" + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36) + ".sock");
    }
}
