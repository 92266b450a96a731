package dev.gatehouse.health;

/**
 * Turns one endpoint's stream of probe results into a verdict that changes only after
 * {@code unhealthyThreshold} failures in a row (healthy → unhealthy) or {@code healthyThreshold}
 * passes in a row (unhealthy → healthy), so that one lost probe does not take a backend out and
 * one lucky probe does not bring a broken one back.
 *
 * <p>An endpoint never probed yet is {@link Verdict#UNKNOWN}, which routes like healthy; its
 * first result decides at once, as Envoy treats a new host's first check, so that a backend that
 * is down when the gateway starts is known down after one probe rather than after a threshold's
 * worth of intervals.
 *
 * <p>Not thread-safe: each endpoint's probes run on one event loop.
 */
final class HealthHysteresis {

    /** What the checks say about an endpoint. */
    enum Verdict {
        UNKNOWN, HEALTHY, UNHEALTHY
    }

    private final int healthyThreshold;
    private final int unhealthyThreshold;
    private Verdict verdict;
    private int passes;
    private int failures;

    HealthHysteresis(int healthyThreshold, int unhealthyThreshold, Verdict initial) {
        if (healthyThreshold < 1) {
            throw new IllegalArgumentException("healthyThreshold: " + healthyThreshold + " (expected: >= 1)");
        }
        if (unhealthyThreshold < 1) {
            throw new IllegalArgumentException("unhealthyThreshold: " + unhealthyThreshold + " (expected: >= 1)");
        }
        this.healthyThreshold = healthyThreshold;
        this.unhealthyThreshold = unhealthyThreshold;
        this.verdict = initial;
    }

    /** Records one probe's result; returns the new verdict when it changed, else null. */
    Verdict record(boolean passed) {
        Verdict next = verdict;
        if (passed) {
            failures = 0;
            passes++;
            if (verdict == Verdict.UNKNOWN || verdict == Verdict.UNHEALTHY && passes >= healthyThreshold) {
                next = Verdict.HEALTHY;
            }
        } else {
            passes = 0;
            failures++;
            if (verdict == Verdict.UNKNOWN || verdict == Verdict.HEALTHY && failures >= unhealthyThreshold) {
                next = Verdict.UNHEALTHY;
            }
        }
        if (next == verdict) {
            return null;
        }
        verdict = next;
        return next;
    }

    Verdict verdict() {
        return verdict;
    }

    /** Passes in a row so far. */
    int passes() {
        return passes;
    }

    /** Failures in a row so far. */
    int failures() {
        return failures;
    }
}
