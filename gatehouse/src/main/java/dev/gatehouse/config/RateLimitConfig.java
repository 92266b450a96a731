package dev.gatehouse.config;

import java.time.Duration;
import java.util.Objects;

/**
 * A route's rate limit: a token bucket per key that refills {@code permits} every {@code period}
 * and holds at most {@code burst} tokens.
 *
 * @param key     what the requests are counted by
 * @param header  the header name when {@code key} is {@link Key#HEADER}, else null
 * @param permits requests allowed per {@code period} on average (>= 1)
 * @param period  the time {@code permits} refill over (one second, minute or hour)
 * @param burst   requests a full bucket admits at once (>= 1)
 */
public record RateLimitConfig(Key key, String header, long permits, Duration period, int burst) {

    public RateLimitConfig {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(period, "period");
        if (key == Key.HEADER && (header == null || header.isBlank())) {
            throw new IllegalArgumentException("header: " + header + " (expected: a header name for key header:Name)");
        }
        if (permits < 1) {
            throw new IllegalArgumentException("permits: " + permits + " (expected: >= 1)");
        }
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period: " + period + " (expected: > 0)");
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst: " + burst + " (expected: >= 1)");
        }
    }

    /** What a rate limit counts requests by. */
    public enum Key {
        /** The client's address. */
        CLIENT_IP,
        /** The value of one request header (the client's address when the header is absent). */
        HEADER,
        /** The identity an authentication filter established (the client's address when none). */
        API_KEY,
        /** The route as a whole: one bucket for everyone. */
        ROUTE
    }
}
