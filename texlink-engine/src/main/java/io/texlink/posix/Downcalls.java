package io.texlink.posix;

/**
 * What texlink's FFM downcalls throw. {@code MethodHandle.invokeExact} declares {@code Throwable};
 * the bindings ({@link Libc}, the CUDA driver's) catch it and rethrow it unchecked through here.
 */
public final class Downcalls {
    private Downcalls() {
    }

    /**
     * {@code thrown} itself where it is a {@code RuntimeException} (an {@code Error} is thrown from
     * here), else an {@link IllegalStateException} with {@code failure} as its message and
     * {@code thrown} as its cause: for {@code throw Downcalls.unchecked(t, ...)} in a catch of
     * {@code Throwable}.
     */
    public static RuntimeException unchecked(Throwable thrown, String failure) {
        return switch (thrown) {
            case RuntimeException r -> r;
            case Error e -> throw e;
            default -> new IllegalStateException(failure, thrown);
        };
    }
}
