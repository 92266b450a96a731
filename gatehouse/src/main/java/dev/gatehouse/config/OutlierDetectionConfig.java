package dev.gatehouse.config;

import java.time.Duration;
import java.util.Objects;

/**
 * Passive health from real traffic ({@code pools.<name>.outlier-detection}): an endpoint whose
 * requests fail {@code consecutiveFailures} times in a row (connect failures, resets, timeouts,
 * 5xx) is ejected from rotation for {@code baseEjectionTime × 2^(n−1)}, n being how many times it
 * was ejected lately, at most {@code maxEjectionTime}; never more than
 * {@code maxEjectionPercent} of the pool at once (but always at least one endpoint).
 *
 * @param consecutiveFailures failures in a row that eject an endpoint, {@code >= 1}
 * @param baseEjectionTime    the first ejection's length
 * @param maxEjectionTime     the cap on an ejection's length, and how long an endpoint must stay
 *                            in rotation for its next ejection to be a first one again
 * @param maxEjectionPercent  the share of the pool that may be ejected at once, 1..100
 */
public record OutlierDetectionConfig(
        int consecutiveFailures,
        Duration baseEjectionTime,
        Duration maxEjectionTime,
        int maxEjectionPercent) {

    public static final int DEFAULT_CONSECUTIVE_FAILURES = 5;
    public static final Duration DEFAULT_BASE_EJECTION_TIME = Duration.ofSeconds(30);
    public static final Duration DEFAULT_MAX_EJECTION_TIME = Duration.ofMinutes(5);
    public static final int DEFAULT_MAX_EJECTION_PERCENT = 50;

    /** 5 failures in a row, 30s first ejection, 5m at most, half the pool at most. */
    public static final OutlierDetectionConfig DEFAULTS = new OutlierDetectionConfig(DEFAULT_CONSECUTIVE_FAILURES,
            DEFAULT_BASE_EJECTION_TIME, DEFAULT_MAX_EJECTION_TIME, DEFAULT_MAX_EJECTION_PERCENT);

    public OutlierDetectionConfig {
        Objects.requireNonNull(baseEjectionTime, "baseEjectionTime");
        Objects.requireNonNull(maxEjectionTime, "maxEjectionTime");
        if (consecutiveFailures < 1) {
            throw new IllegalArgumentException("consecutiveFailures: " + consecutiveFailures + " (expected: >= 1)");
        }
        if (baseEjectionTime.isNegative() || baseEjectionTime.isZero()) {
            throw new IllegalArgumentException("baseEjectionTime: " + baseEjectionTime + " (expected: > 0)");
        }
        if (maxEjectionTime.compareTo(baseEjectionTime) < 0) {
            throw new IllegalArgumentException("maxEjectionTime: " + maxEjectionTime + " (expected: >= baseEjectionTime "
                    + baseEjectionTime + ")");
        }
        if (maxEjectionPercent < 1 || maxEjectionPercent > 100) {
            throw new IllegalArgumentException("maxEjectionPercent: " + maxEjectionPercent + " (expected: 1..100)");
        }
    }
}
