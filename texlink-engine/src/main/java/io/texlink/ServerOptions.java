package io.texlink;

import io.texlink.backend.FrameAllocator;
import io.texlink.cpu.DmaHeapFrameAllocator;
import io.texlink.cpu.MemfdFrameAllocator;
import io.texlink.registry.NameRegistry;
import io.texlink.transport.SessionAddress;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * How a {@link TexlinkServer} shares frames. Build with {@link #builder(String, FrameDescriptor)}
 * (a session name, socket {@code /tmp/texlink/<name>.sock}) or {@link #builderForSocket}.
 *
 * @param name          session name, announced in the registry
 * @param socketPath    the socket file consumers connect to
 * @param descriptor    shape of every frame
 * @param buffering     buffers to rotate through (default triple)
 * @param maxClients    consumers served at once, 1..{@value #MAX_CLIENTS} (default 16, libtexlink's limit)
 * @param allowedUids   uids besides the producer's own that may connect (default none)
 * @param allocator     where the buffers come from (default: CPU memory, DMA-BUF where a DMA heap exists)
 * @param registry      the name registry to announce in, or null not to announce
 * @param listener      told about consumers coming, going and being refused
 * @param stallTimeout  how long {@link TexlinkServer#tryBeginFrame()} may find no free buffer
 *                      before the consumers pinning the writable buffers are dropped (default
 *                      2 s): a consumer that stops releasing frames cannot stop the producer
 */
public record ServerOptions(String name, Path socketPath, FrameDescriptor descriptor, Buffering buffering,
                            int maxClients, Set<Integer> allowedUids, Supplier<FrameAllocator> allocator,
                            NameRegistry registry, ServerListener listener, Duration stallTimeout) {

    /** Upper bound on {@link #maxClients}. */
    public static final int MAX_CLIENTS = 64;

    public ServerOptions {
        SessionAddress.requireValidName(name);
        socketPath = SessionAddress.requireValidSocketPath(Objects.requireNonNull(socketPath, "socketPath"));
        Objects.requireNonNull(descriptor, "descriptor");
        Objects.requireNonNull(buffering, "buffering");
        if (maxClients < 1 || maxClients > MAX_CLIENTS) {
            throw new IllegalArgumentException("maxClients must be 1.." + MAX_CLIENTS + ", got " + maxClients);
        }
        allowedUids = Set.copyOf(allowedUids);
        Objects.requireNonNull(allocator, "allocator");
        Objects.requireNonNull(listener, "listener");
        if (stallTimeout == null || stallTimeout.isNegative() || stallTimeout.isZero()) {
            throw new IllegalArgumentException("stallTimeout must be positive, got " + stallTimeout);
        }
    }

    /** Options for session {@code name} at libtexlink's default socket path. */
    public static Builder builder(String name, FrameDescriptor descriptor) {
        return new Builder(name, SessionAddress.socketForName(name), descriptor);
    }

    /** Options for a socket at {@code socketPath}; the session name is the file's base name. */
    public static Builder builderForSocket(Path socketPath, FrameDescriptor descriptor) {
        return new Builder(SessionAddress.nameOfSocket(socketPath), socketPath, descriptor);
    }

    /** The allocator texlink picks by itself: DMA-BUF from the system heap where it exists, else memfd. */
    public static FrameAllocator defaultCpuAllocator() {
        return DmaHeapFrameAllocator.isAvailable() ? DmaHeapFrameAllocator.open() : new MemfdFrameAllocator();
    }

    /** Builder with the defaults listed on {@link ServerOptions}. */
    public static final class Builder {
        private final String name;
        private final Path socketPath;
        private final FrameDescriptor descriptor;
        private Buffering buffering = Buffering.TRIPLE;
        private int maxClients = 16;
        private Set<Integer> allowedUids = Set.of();
        private Supplier<FrameAllocator> allocator = ServerOptions::defaultCpuAllocator;
        private NameRegistry registry = NameRegistry.atDefaultLocation();
        private ServerListener listener = ServerListener.NONE;
        private Duration stallTimeout = Duration.ofSeconds(2);

        private Builder(String name, Path socketPath, FrameDescriptor descriptor) {
            this.name = name;
            this.socketPath = socketPath;
            this.descriptor = descriptor;
        }

        public Builder buffering(Buffering value) {
            this.buffering = value;
            return this;
        }

        public Builder maxClients(int value) {
            this.maxClients = value;
            return this;
        }

        public Builder allowedUids(Set<Integer> value) {
            this.allowedUids = value;
            return this;
        }

        /** Supplies the allocator when the server is created; the server closes it. */
        public Builder allocator(Supplier<FrameAllocator> value) {
            this.allocator = value;
            return this;
        }

        /** The registry to announce in; null: do not announce. */
        public Builder registry(NameRegistry value) {
            this.registry = value;
            return this;
        }

        public Builder listener(ServerListener value) {
            this.listener = value;
            return this;
        }

        public Builder stallTimeout(Duration value) {
            this.stallTimeout = value;
            return this;
        }

        public ServerOptions build() {
            return new ServerOptions(name, socketPath, descriptor, buffering, maxClients, allowedUids, allocator,
                    registry, listener, stallTimeout);
        }
    }
}
