package io.texlink.cli;

import io.texlink.ClientOptions;

import java.nio.file.Path;

/** Turns {@code --name}/{@code --socket} (or a positional name) into client options. */
final class SessionTarget {
    private SessionTarget() {
    }

    static ClientOptions.Builder clientOptions(CliArguments args, String name) {
        String socket = args.text("socket", null);
        return socket != null ? ClientOptions.builderForSocket(Path.of(socket)) : ClientOptions.builder(name);
    }
}
