package io.texlink.spring.autoconfigure;

import io.texlink.Backoff;
import io.texlink.Buffering;
import io.texlink.ClientOptions;
import io.texlink.FrameDescriptor;
import io.texlink.ServerOptions;
import io.texlink.WaitStrategy;
import io.texlink.spring.TexlinkClients;
import io.texlink.spring.TexlinkServers;
import io.texlink.spring.backend.TexlinkBackend;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * Turns {@link TexlinkProperties} into the engine's options. A value the engine rejects fails
 * startup naming the property that holds it.
 */
final class SessionDefinitions {
    private SessionDefinitions() {
    }

    static TexlinkServers.Definition server(String key, TexlinkProperties.Server p, TexlinkBackend backend) {
        String prefix = SessionKind.SERVERS.prefix() + "." + key;
        TexlinkProperties.Frame f = p.getFrame();
        FrameDescriptor descriptor = valid(prefix + ".frame", f.getType() + " " + f.getWidth() + "x" + f.getHeight()
                + " " + f.getFormat(), () -> descriptor(f));
        Buffering buffering = valid(prefix + ".buffers", p.getBuffers(), () -> Buffering.ofCount(p.getBuffers()));
        return valid(prefix, key, () -> {
            Path socket = socket(prefix, p.getName(), p.getSocket());
            ServerOptions.Builder options = socket != null ? ServerOptions.builderForSocket(socket, descriptor)
                    : ServerOptions.builder(p.getName() != null ? p.getName() : key, descriptor);
            options.buffering(buffering)
                    .maxClients(p.getMaxClients())
                    .allowedUids(p.getAllowedUids())
                    .allocator(backend::newAllocator);
            if (!p.isAnnounce()) {
                options.registry(null);
            }
            return new TexlinkServers.Definition(key, options.build(), p.getPublishRate());
        });
    }

    static TexlinkClients.Definition client(String key, TexlinkProperties.Client p, TexlinkBackend backend) {
        String prefix = SessionKind.CLIENTS.prefix() + "." + key;
        Backoff backoff = valid(prefix + ".reconnect", p.getReconnect().getInitialBackoff() + " to "
                + p.getReconnect().getMaxBackoff(), () -> new Backoff(p.getReconnect().getInitialBackoff(),
                p.getReconnect().getMaxBackoff()));
        requirePositive(prefix + ".acquire-timeout", p.getAcquireTimeout());
        requirePositive(prefix + ".stale-after", p.getStaleAfter());
        ClientOptions.Builder options = valid(prefix, key, () -> {
            Path socket = socket(prefix, p.getName(), p.getSocket());
            ClientOptions.Builder builder = socket != null ? ClientOptions.builderForSocket(socket)
                    : ClientOptions.builder(p.getName() != null ? p.getName() : key);
            builder.connectTimeout(p.getConnectTimeout())
                    .waitStrategy(WaitStrategy.named(p.getWaitStrategy().name()))
                    .trustedProducerUids(p.getTrustedProducerUids())
                    .importer(backend::newImporter)
                    .build(); // validates here, where the failure can name the properties
            return builder;
        });
        return new TexlinkClients.Definition(key, options, backoff, p.getAcquireTimeout(), p.getStaleAfter());
    }

    /** The explicit socket, if any; with one, the engine takes the session name from the file name. */
    private static Path socket(String prefix, String name, Path socket) {
        if (socket != null && name != null) {
            throw new InvalidConfigurationPropertyValueException(prefix + ".socket", socket, "set either " + prefix
                    + ".name or " + prefix + ".socket, not both: with a socket, the session name is the socket file's name");
        }
        return socket;
    }

    private static FrameDescriptor descriptor(TexlinkProperties.Frame f) {
        return switch (f.getType()) {
            case TEXTURE_2D -> FrameDescriptor.texture2d(f.getWidth(), f.getHeight(), f.getFormat());
            case TEXTURE_3D -> FrameDescriptor.texture3d(f.getWidth(), f.getHeight(), f.getDepth(), f.getFormat());
            case TEXTURE_CUBE -> {
                if (f.getWidth() != f.getHeight()) {
                    throw new IllegalArgumentException("cube faces are square, but width " + f.getWidth()
                            + " and height " + f.getHeight() + " differ");
                }
                yield FrameDescriptor.textureCube(f.getWidth(), f.getFormat());
            }
            case VERTEX_BUFFER, COMPUTE_BUFFER, RAW -> {
                if (f.getSize() == null) {
                    throw new IllegalArgumentException("a " + f.getType() + " frame needs size (bytes), e.g. size: 4MB");
                }
                yield FrameDescriptor.buffer(f.getType(), f.getSize().toBytes());
            }
        };
    }

    private static void requirePositive(String property, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new InvalidConfigurationPropertyValueException(property, value, "it must be a positive duration, e.g. 1s");
        }
    }

    /** Runs {@code step}; an IllegalArgumentException from the engine becomes a failure naming {@code property}. */
    private static <T> T valid(String property, Object value, Supplier<T> step) {
        try {
            return step.get();
        } catch (InvalidConfigurationPropertyValueException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigurationPropertyValueException(property, value, e.getMessage());
        }
    }
}
