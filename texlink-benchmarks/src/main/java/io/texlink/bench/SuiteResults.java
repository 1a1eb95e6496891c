package io.texlink.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The outcome of one suite run: every cell's {@link CellResult}, the machine and the settings.
 *
 * @param cells    results by cell, in run order
 * @param started  when the run began
 * @param duration how long it took
 */
public record SuiteResults(SuiteSettings settings, MachineInfo machine, Map<Cell, CellResult> cells, Instant started,
                           Duration duration) {

    /** The cell's result when it was planned and produced samples. */
    public Optional<CellResult> measured(Cell cell) {
        return Optional.ofNullable(cells.get(cell)).filter(CellResult::hasSamples);
    }
}
