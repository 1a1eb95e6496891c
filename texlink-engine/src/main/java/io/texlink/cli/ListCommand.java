package io.texlink.cli;

import io.texlink.registry.NameRegistry;

import java.io.PrintStream;

/** {@code texlink list}: the registry's sessions, live ones first. */
final class ListCommand {
    static final String HELP = """
            usage: texlink list

            Lists the sessions in the name registry (/tmp/texlink/.registry), live ones first: name,
            producer pid, alive or dead, socket.
            """;

    private ListCommand() {
    }

    static int run(PrintStream out) {
        NameRegistry registry = NameRegistry.atDefaultLocation();
        var entries = registry.list();
        if (entries.isEmpty()) {
            out.println("no sessions in " + registry.file());
            return 0;
        }
        out.printf("%-24s %-8s %-6s %s%n", "NAME", "PID", "STATE", "SOCKET");
        entries.stream()
                .sorted((a, b) -> Boolean.compare(b.alive(), a.alive()))
                .forEach(l -> out.printf("%-24s %-8d %-6s %s%n", l.entry().name(), l.entry().pid(),
                        l.alive() ? "alive" : "dead", l.entry().socketPath()));
        return 0;
    }
}
