package io.texlink.cli;

import io.texlink.ClientOptions;
import io.texlink.FrameDescriptor;
import io.texlink.ServerOptions;
import io.texlink.registry.NameRegistry;
import io.texlink.transport.SessionAddress;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

/**
 * The session a command means: a name (the command's NAME word or {@code --name}, {@code cam} when
 * neither is given) or a socket ({@code --socket PATH}, the session then named after the file).
 *
 * @param name   the session's name
 * @param socket the socket given with {@code --socket}, or null to use the name's
 */
record SessionTarget(String name, Path socket) {
    static final String DEFAULT_NAME = "cam";

    /**
     * Reads {@code --name} and {@code --socket} beside {@code word}, the positional word that names
     * the session (null where the command line has none).
     *
     * @throws CliArguments.UsageException when the session is named twice in different ways
     */
    static SessionTarget of(CliArguments args, String word) {
        String option = args.text("name", null);
        String socket = args.text("socket", null);
        if (word != null && option != null && !word.equals(option)) {
            throw new CliArguments.UsageException("the session is named twice: '" + word + "' and --name " + option);
        }
        String name = word != null ? word : option;
        if (socket == null) {
            return new SessionTarget(SessionAddress.requireValidName(name != null ? name : DEFAULT_NAME), null);
        }
        Path path = Path.of(socket);
        String fileName = SessionAddress.nameOfSocket(path);
        if (name != null && !name.equals(fileName)) {
            throw new CliArguments.UsageException("--socket " + socket + " is session '" + fileName + "', not '" + name
                    + "': give the name or the socket");
        }
        return new SessionTarget(fileName, path);
    }

    ClientOptions.Builder clientOptions() {
        return socket != null ? ClientOptions.builderForSocket(socket) : ClientOptions.builder(name);
    }

    ServerOptions.Builder serverOptions(FrameDescriptor descriptor) {
        return socket != null ? ServerOptions.builderForSocket(socket, descriptor) : ServerOptions.builder(name, descriptor);
    }

    /**
     * Fails at once when nothing can answer: no socket file at the given path, or a name that is
     * neither a live session in {@code registry} nor has a socket at its default path. A socket
     * file that exists is left to the connection attempt (its producer may be starting).
     *
     * @throws NoSuchSessionException naming what is missing and the live sessions there are
     */
    void requireServed(NameRegistry registry) {
        if (socket != null) {
            if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
                throw new NoSuchSessionException("no producer: " + socket + " does not exist" + liveSessions(registry));
            }
            return;
        }
        if (registry.lookup(name).isPresent()) {
            return;
        }
        Path path = SessionAddress.socketForName(name);
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            throw new NoSuchSessionException("no session '" + name + "': it is not in " + registry.file() + " and " + path
                    + " does not exist" + liveSessions(registry));
        }
    }

    private static String liveSessions(NameRegistry registry) {
        List<String> live = registry.list().stream().filter(NameRegistry.Listing::alive)
                .map(l -> TerminalText.printable(l.entry().name())).sorted().distinct().toList();
        return System.lineSeparator() + (live.isEmpty() ? "no live sessions are registered; start one with: texlink produce NAME"
                : "live sessions: " + String.join(", ", live));
    }

    /** Nothing serves the session a command names: exit status 3, without waiting for a timeout. */
    static final class NoSuchSessionException extends RuntimeException {
        NoSuchSessionException(String message) {
            super(message);
        }
    }
}
