package io.texlink.cli;

import io.texlink.TexlinkException;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;

/**
 * {@code texlink list | produce | consume | dump}: the engine's command line, for trying a session
 * in two terminals and for checking a producer from a shell.
 */
public final class TexlinkCli {
    static final String USAGE = """
            usage: texlink <command> [options]

              list                              sessions in the registry (/tmp/texlink/.registry)
              produce [--name cam] [--size 1280x720] [--format ABGR8888] [--fps 60] [--buffers 3]
                      [--frames N] [--socket PATH] [--allow-uid UID,...]
                                                publish the test pattern until Ctrl-C (or N frames)
              consume [--name cam] [--frames N] [--timeout 5s] [--wait blocking|busy-spin|backoff|sleeping]
                      [--socket PATH] [--every-row] [--quiet]
                                                acquire frames, check the pattern, report latency
              dump NAME OUT.png [--timeout 5s] [--socket PATH]
                                                write one frame as a PNG

            exit status: 0 ok, 1 frames failed the check, 2 usage error, 3 no session / connection lost
            """;

    private TexlinkCli() {
    }

    public static void main(String[] args) {
        System.exit(run(Arrays.asList(args), System.out, System.err));
    }

    /** Runs one command; returns the exit status. */
    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty() || args.getFirst().equals("--help") || args.getFirst().equals("help")) {
            out.print(USAGE);
            return args.isEmpty() ? 2 : 0;
        }
        List<String> rest = args.subList(1, args.size());
        try {
            return switch (args.getFirst()) {
                case "list" -> ListCommand.run(out);
                case "produce" -> ProduceCommand.run(rest, out);
                case "consume" -> ConsumeCommand.run(rest, out);
                case "dump" -> DumpCommand.run(rest, out);
                default -> throw new CliArguments.UsageException("unknown command '" + args.getFirst() + "'");
            };
        } catch (CliArguments.UsageException | IllegalArgumentException e) {
            err.println("texlink: " + e.getMessage());
            err.print(USAGE);
            return 2;
        } catch (TexlinkException e) {
            err.println("texlink: " + e.getMessage());
            return 3;
        }
    }
}
