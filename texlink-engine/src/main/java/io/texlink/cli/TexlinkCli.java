package io.texlink.cli;

import io.texlink.TexlinkException;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code texlink list | produce | consume | dump}: the engine's command line, for trying a session
 * in two terminals and for checking a producer from a shell.
 */
public final class TexlinkCli {
    static final String USAGE = """
            usage: texlink <command> [options]       texlink <command> --help explains a command's options

              list                              sessions in the registry (/tmp/texlink/.registry)
              produce [NAME] [--size 1280x720] [--format ABGR8888] [--fps 60] [--buffers 3] [--frames N]
                      [--pattern card|stripes] [--stall-timeout 2s] [--socket PATH] [--allow-uid UID,...]
                                                publish the test card until Ctrl-C (or N frames)
              consume [NAME] [--frames N] [--timeout 5s] [--wait blocking|busy-spin|backoff|sleeping]
                      [--every-row] [--quiet] [--socket PATH]
                                                acquire frames, check each one, report rate and latency
              dump NAME OUT.png [--timeout 5s] [--socket PATH]
                                                write one frame as a PNG

            NAME is a session name (default cam; also --name NAME); --socket PATH names a producer by its socket.
            Ctrl-C or SIGTERM ends produce and consume after a summary line, with their usual exit status.
            exit status: 0 ok, 1 frames failed the check, 2 usage error, 3 no such session / connection lost
            """;

    /** A command and its help. */
    private enum Command {
        LIST(ListCommand.HELP), PRODUCE(ProduceCommand.HELP), CONSUME(ConsumeCommand.HELP), DUMP(DumpCommand.HELP);

        private final String help;

        Command(String help) {
            this.help = help;
        }

        /** The command called {@code word}, or null. */
        static Command named(String word) {
            return Arrays.stream(values()).filter(c -> c.word().equals(word)).findFirst().orElse(null);
        }

        String word() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The help's usage lines, up to its first blank line. */
        String synopsis() {
            return help.substring(0, help.indexOf("\n\n") + 1);
        }
    }

    private TexlinkCli() {
    }

    public static void main(String[] args) {
        System.exit(run(Arrays.asList(args), System.out, System.err, StopSignals.fromOperator()));
    }

    /** Runs one command inside another program (tests): the JVM's signals stay as they are. Returns the exit status. */
    static int run(List<String> args, PrintStream out, PrintStream err) {
        return run(args, out, err, StopSignals.none());
    }

    private static int run(List<String> args, PrintStream out, PrintStream err, StopSignals stop) {
        if (args.isEmpty()) {
            err.print(USAGE);
            return 2;
        }
        String first = args.getFirst();
        if (isHelp(first) || first.equals("help")) {
            Command asked = args.size() > 1 ? Command.named(args.get(1)) : null;
            out.print(asked != null ? asked.help : USAGE);
            return 0;
        }
        Command command = Command.named(first);
        if (command == null) {
            err.println("texlink: unknown command '" + TerminalText.printable(first) + "'");
            err.print(USAGE);
            return 2;
        }
        List<String> rest = args.subList(1, args.size());
        if (rest.stream().anyMatch(TexlinkCli::isHelp)) {
            out.print(command.help);
            return 0;
        }
        try {
            return switch (command) {
                case LIST -> ListCommand.run(out);
                case PRODUCE -> ProduceCommand.run(rest, out, stop);
                case CONSUME -> ConsumeCommand.run(rest, out, stop);
                case DUMP -> DumpCommand.run(rest, out, stop);
            };
        } catch (CliArguments.UsageException | IllegalArgumentException e) {
            err.println("texlink: " + e.getMessage());
            err.print(command.synopsis());
            err.println("(texlink " + command.word() + " --help explains each option)");
            return 2;
        } catch (SessionTarget.NoSuchSessionException | TexlinkException e) {
            err.println("texlink: " + e.getMessage());
            return 3;
        }
    }

    private static boolean isHelp(String word) {
        return word.equals("--help") || word.equals("-h");
    }
}
