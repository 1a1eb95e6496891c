package io.texlink.egl;

import io.texlink.backend.DeviceIdentity;

import java.util.Objects;
import java.util.Optional;

/**
 * Where an allocator or importer gets its {@link EglContext}: the application's, which it leaves
 * open, or one of its own, created from options and closed with it.
 */
record EglContextSource(EglContext given, EglContext.Options options) {

    static EglContextSource application(EglContext context) {
        return new EglContextSource(Objects.requireNonNull(context, "context"), null);
    }

    static EglContextSource own(EglContext.Options options) {
        return new EglContextSource(null, Objects.requireNonNull(options, "options"));
    }

    /** True when the context is created here and must be closed by its user. */
    boolean owned() {
        return given == null;
    }

    /** The application's context, or a new one (on {@code device} where one is named). */
    EglContext open(Optional<DeviceIdentity> device) {
        return given != null ? given : EglContext.create(device.map(options::withDevice).orElse(options));
    }
}
