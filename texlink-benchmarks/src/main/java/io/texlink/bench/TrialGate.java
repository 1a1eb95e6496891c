package io.texlink.bench;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether the suite starts a trial, so that a run that must end in time spends it on
 * trials that can produce numbers: none that would likely end past the settings'
 * {@linkplain SuiteSettings#budget budget} (judged by the average trial so far), and none of a
 * method whose first {@value #GIVE_UP_AFTER} trials failed without any succeeding (on a machine
 * where it cannot work, each would fail again).
 */
final class TrialGate {
    static final int GIVE_UP_AFTER = 2;

    private final SuiteSettings settings;
    private final long startNanos;
    private final Map<Method, Integer> failures = new EnumMap<>(Method.class);
    private final Set<Method> measured = EnumSet.noneOf(Method.class);
    private int trials;

    TrialGate(SuiteSettings settings, long startNanos) {
        this.settings = settings;
        this.startNanos = startNanos;
    }

    /** Why the trial of {@code cell} should not start at {@code nowNanos}, or empty when it should. */
    Optional<String> refusal(Cell cell, long nowNanos) {
        long elapsed = nowNanos - startNanos;
        if (!settings.budget().isZero() && trials > 0 && elapsed + elapsed / trials > settings.budget().toNanos()) {
            return Optional.of("the suite's time budget of " + settings.budget().toSeconds() + " s would have run out");
        }
        if (!measured.contains(cell.method()) && failures.getOrDefault(cell.method(), 0) >= GIVE_UP_AFTER) {
            return Optional.of("the method's first " + GIVE_UP_AFTER + " trials failed and none succeeded");
        }
        return Optional.empty();
    }

    /** Counts a trial that ran: {@code succeeded} when it reported. */
    void ran(Cell cell, boolean succeeded) {
        trials++;
        if (succeeded) {
            measured.add(cell.method());
        } else {
            failures.merge(cell.method(), 1, Integer::sum);
        }
    }
}
