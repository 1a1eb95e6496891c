package io.texlink.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** {@code --key value} and {@code --flag} options plus positional words, checked against what a command knows. */
final class CliArguments {
    private final Map<String, String> options = new HashMap<>();
    private final List<String> positional = new ArrayList<>();

    CliArguments(List<String> args, Set<String> valued, Set<String> flags) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!a.startsWith("--")) {
                positional.add(a);
                continue;
            }
            String key = a.substring(2);
            String value = null;
            int eq = key.indexOf('=');
            if (eq >= 0) {
                value = key.substring(eq + 1);
                key = key.substring(0, eq);
            }
            if (flags.contains(key) && value == null) {
                options.put(key, "true");
            } else if (valued.contains(key)) {
                if (value == null) {
                    if (i + 1 >= args.size()) {
                        throw new UsageException("--" + key + " needs a value");
                    }
                    value = args.get(++i);
                }
                options.put(key, value);
            } else {
                throw new UsageException("unknown option --" + key);
            }
        }
    }

    String text(String key, String fallback) {
        return options.getOrDefault(key, fallback);
    }

    boolean flag(String key) {
        return options.containsKey(key);
    }

    long number(String key, long fallback) {
        return parsed(key, fallback, Long::valueOf, "a whole number");
    }

    double decimal(String key, double fallback) {
        return parsed(key, fallback, Double::valueOf, "a number");
    }

    private <T> T parsed(String key, T fallback, Function<String, T> parse, String what) {
        String v = options.get(key);
        try {
            return v == null ? fallback : parse.apply(v);
        } catch (NumberFormatException e) {
            throw new UsageException("--" + key + " wants " + what + ", got '" + v + "'");
        }
    }

    /** Durations as {@code 500ms}, {@code 5s}, {@code 2m}, or ISO-8601 ({@code PT5S}). */
    Duration duration(String key, Duration fallback) {
        String v = options.get(key);
        if (v == null) {
            return fallback;
        }
        try {
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            if (v.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 1000));
            }
            if (v.endsWith("m")) {
                return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1)));
            }
            return Duration.parse(v);
        } catch (RuntimeException e) {
            throw new UsageException("--" + key + " wants a duration such as 500ms, 5s or 2m, got '" + v + "'");
        }
    }

    List<String> positional() {
        return positional;
    }

    /**
     * The positional words, refusing more than {@code max}; {@code synopsis} says what they are
     * (e.g. "[NAME]").
     */
    List<String> positional(int max, String synopsis) {
        if (positional.size() > max) {
            throw new UsageException("unexpected '" + positional.get(max) + "': this command takes " + synopsis);
        }
        return positional;
    }

    /** The first positional word, or null; refuses a second one (see {@link #positional(int, String)}). */
    String onlyPositional(String synopsis) {
        List<String> words = positional(1, synopsis);
        return words.isEmpty() ? null : words.getFirst();
    }

    /** A mistake on the command line: printed with the usage, exit status 2. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
