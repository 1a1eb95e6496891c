package io.texlink;

import io.texlink.backend.FrameImporter;
import io.texlink.cpu.CpuFrameImporter;
import io.texlink.registry.NameRegistry;
import io.texlink.transport.SessionAddress;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * How a {@link TexlinkClient} connects. Build with {@link #builder(String)} (a session name,
 * looked up in the registry, else {@code /tmp/texlink/<name>.sock}) or {@link #builderForSocket}.
 *
 * @param name                  session name, for lookup and messages
 * @param socketPath            explicit socket, or null to resolve the name
 * @param registry              registry used to resolve the name, or null for the default path only
 * @param connectTimeout        how long to wait for the producer to appear and complete the handshake
 * @param waitStrategy          how {@link TexlinkClient#acquireFrame} waits
 * @param importer              turns received descriptors into usable buffers (default: CPU mapping)
 * @param trustedProducerUids   uids besides our own whose sockets we accept frames from
 * @param housekeepingInterval  how often, while the application is not acquiring, queued
 *                              notifications are read so skipped frames go back to the producer
 *                              at once and a lost producer is noticed
 * @param latencyRecorder       gets each acquired frame's publish-to-acquire nanoseconds (only
 *                              from producers that write timestamps), on the acquiring thread
 */
public record ClientOptions(String name, Path socketPath, NameRegistry registry, Duration connectTimeout,
                            WaitStrategy waitStrategy, Supplier<FrameImporter> importer,
                            Set<Integer> trustedProducerUids, Duration housekeepingInterval,
                            LongConsumer latencyRecorder) {

    /** The default latency recorder: none, so the client reads no timestamp unless asked for latency. */
    public static final LongConsumer NO_LATENCY_RECORDER = nanos -> {
    };

    public ClientOptions {
        SessionAddress.requireValidName(name);
        if (socketPath != null) {
            socketPath = SessionAddress.requireValidSocketPath(socketPath);
        }
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(housekeepingInterval, "housekeepingInterval");
        Objects.requireNonNull(waitStrategy, "waitStrategy");
        Objects.requireNonNull(importer, "importer");
        trustedProducerUids = Set.copyOf(trustedProducerUids);
        Objects.requireNonNull(latencyRecorder, "latencyRecorder");
    }

    private static void requirePositive(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, got " + d);
        }
    }

    /** Connect to the session called {@code name}. */
    public static Builder builder(String name) {
        return new Builder(name, null);
    }

    /** Connect to the socket at {@code socketPath}. */
    public static Builder builderForSocket(Path socketPath) {
        return new Builder(SessionAddress.nameOfSocket(socketPath), socketPath);
    }

    /** The socket to connect to: the explicit path, else the registry's entry, else the default path. */
    public Path resolveSocket() {
        if (socketPath != null) {
            return socketPath;
        }
        if (registry != null) {
            Optional<Path> registered = registry.lookup(name);
            if (registered.isPresent()) {
                return registered.get();
            }
        }
        return SessionAddress.socketForName(name);
    }

    /** Builder; defaults: 5 s connect timeout, blocking waits, CPU import of sealed memory only, 5 ms housekeeping. */
    public static final class Builder {
        private final String name;
        private final Path socketPath;
        private NameRegistry registry = NameRegistry.atDefaultLocation();
        private Duration connectTimeout = Duration.ofSeconds(5);
        private WaitStrategy waitStrategy = WaitStrategy.blocking();
        private Supplier<FrameImporter> importer = CpuFrameImporter::new;
        private Set<Integer> trustedProducerUids = Set.of();
        private Duration housekeepingInterval = Duration.ofMillis(5);
        private LongConsumer latencyRecorder = NO_LATENCY_RECORDER;

        private Builder(String name, Path socketPath) {
            this.name = name;
            this.socketPath = socketPath;
        }

        public Builder registry(NameRegistry value) {
            this.registry = value;
            return this;
        }

        public Builder connectTimeout(Duration value) {
            this.connectTimeout = value;
            return this;
        }

        public Builder waitStrategy(WaitStrategy value) {
            this.waitStrategy = value;
            return this;
        }

        /** Supplies the importer for each connection; the client closes it. */
        public Builder importer(Supplier<FrameImporter> value) {
            this.importer = value;
            return this;
        }

        public Builder trustedProducerUids(Set<Integer> value) {
            this.trustedProducerUids = value;
            return this;
        }

        public Builder housekeepingInterval(Duration value) {
            this.housekeepingInterval = value;
            return this;
        }

        public Builder latencyRecorder(LongConsumer value) {
            this.latencyRecorder = value;
            return this;
        }

        public ClientOptions build() {
            return new ClientOptions(name, socketPath, registry, connectTimeout, waitStrategy, importer,
                    trustedProducerUids, housekeepingInterval, latencyRecorder);
        }
    }
}
