package io.texlink.bench;

/**
 * One of issue 7's targets against what a run measured.
 *
 * @param target   the target as the issue states it
 * @param measured the figures it was judged on
 * @param verdict  "pass", "miss" or "not measured"
 */
public record TargetVerdict(String target, String measured, String verdict) {
}
