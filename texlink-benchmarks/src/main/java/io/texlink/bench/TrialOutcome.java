package io.texlink.bench;

import java.util.List;

/** The reports of one trial's producer and consumers. */
record TrialOutcome(TrialReport producer, List<TrialReport> consumers) {
}
