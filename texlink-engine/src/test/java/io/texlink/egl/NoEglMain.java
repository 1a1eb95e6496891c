package io.texlink.egl;

import io.texlink.TexlinkUnsupportedException;

/** A JVM without a loadable libEGL (the test points LWJGL at a library that does not exist): texlink must say so and not crash. */
public final class NoEglMain {
    private NoEglMain() {
    }

    public static void main(String[] args) {
        try (EglContext context = EglContext.create()) {
            System.out.println("UNEXPECTED " + context);
        } catch (TexlinkUnsupportedException e) {
            System.out.println("UNSUPPORTED " + e.getMessage());
        }
    }
}
