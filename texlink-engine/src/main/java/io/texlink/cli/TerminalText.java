package io.texlink.cli;

import java.io.PrintStream;

/** Text the command line prints, made safe for the terminal it goes to. */
final class TerminalText {
    private TerminalText() {
    }

    /**
     * The unit for microseconds: "µs" where {@code out}'s encoding has µ, else "us" (a JVM in
     * the C locale prints through US-ASCII, where µ would become "?").
     */
    static String microseconds(PrintStream out) {
        return out.charset().newEncoder().canEncode('µ') ? "µs" : "us";
    }

    /**
     * {@code text} with control and other unprintable characters as '?': names read from the
     * shared registry come from other processes and must not drive the terminal.
     */
    static String printable(String text) {
        StringBuilder safe = new StringBuilder(text.length());
        text.codePoints().forEach(c -> safe.appendCodePoint(Character.isISOControl(c) || !Character.isDefined(c)
                || Character.getType(c) == Character.FORMAT ? '?' : c));
        return safe.toString();
    }
}
