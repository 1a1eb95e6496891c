package io.texlink.backend;

import io.texlink.TexlinkUnsupportedException;

import java.util.Objects;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Where a GPU backend's allocator or importer gets its context (a {@code VulkanContext}, an
 * {@code EglContext}): the application's, which it leaves open, or one of its own, created from
 * options and closed with it.
 *
 * @param <C> the backend's context
 */
public final class ContextSource<C extends AutoCloseable> {
    private final C given;
    private final Function<Optional<DeviceIdentity>, C> create;

    private ContextSource(C given, Function<Optional<DeviceIdentity>, C> create) {
        this.given = given;
        this.create = create;
    }

    /** The application's context. */
    public static <C extends AutoCloseable> ContextSource<C> application(C context) {
        return new ContextSource<>(Objects.requireNonNull(context, "context"), null);
    }

    /**
     * A context of its user's own: {@code create(options)}, or {@code create(onDevice(options, device))}
     * where {@link #open} names a device.
     */
    public static <C extends AutoCloseable, O> ContextSource<C> own(O options, BiFunction<O, DeviceIdentity, O> onDevice,
                                                                    Function<O, C> create) {
        Objects.requireNonNull(options, "options");
        return new ContextSource<>(null, device -> create.apply(device.map(d -> onDevice.apply(options, d)).orElse(options)));
    }

    /** The application's context; null where the context is created here. */
    public C given() {
        return given;
    }

    /** True when the context is created here and must be closed by its user. */
    public boolean owned() {
        return given == null;
    }

    /** The application's context, or a new one (on {@code device} where one is named). */
    public C open(Optional<DeviceIdentity> device) {
        return given != null ? given : create.apply(device);
    }

    /**
     * Opens the context (a new one on any device) and makes its user on it with {@code user};
     * closes a new context again when that fails.
     */
    public <T> T openFor(Function<C, T> user) {
        C context = open(Optional.empty());
        try {
            return user.apply(context);
        } catch (RuntimeException e) {
            if (owned()) {
                try {
                    context.close();
                } catch (Exception closing) {
                    e.addSuppressed(closing);
                }
            }
            throw e;
        }
    }

    /**
     * For an importer: the context to import frames of a producer on {@code producer} into, the
     * application's or a new one on that device.
     *
     * @param into what follows "cannot import the producer's frames" in the error, e.g. {@code " into OpenGL ES"}
     * @throws TexlinkUnsupportedException when no context can be created on the producer's device
     */
    public C openForProducer(Optional<DeviceIdentity> producer, String into) {
        try {
            return open(producer);
        } catch (TexlinkUnsupportedException e) {
            throw new TexlinkUnsupportedException("cannot import the producer's frames" + into
                    + producer.map(p -> " (they live on " + p + ")").orElse("") + ": " + e.getMessage(), e);
        }
    }
}
