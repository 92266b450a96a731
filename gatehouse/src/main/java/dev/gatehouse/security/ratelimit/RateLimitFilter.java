package dev.gatehouse.security.ratelimit;

import dev.gatehouse.config.RateLimitConfig;
import dev.gatehouse.filter.FilterContext;
import dev.gatehouse.filter.FilterResult;
import dev.gatehouse.filter.RequestFilter;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * A route's rate limit: takes a token from the request's bucket (by client address, a header,
 * the authenticated identity or the whole route) and answers 429 when there is none, with
 * {@code Retry-After} and the IETF draft {@code RateLimit-Limit}, {@code RateLimit-Remaining}
 * and {@code RateLimit-Reset} fields (on 429 answers only: admitted requests go on untouched).
 *
 * <p>Runs last in a route's chain, after authentication, so {@code api-key} can count by identity.
 */
public final class RateLimitFilter implements RequestFilter {

    /** Buckets one limit keeps at most (both generations together). */
    public static final int DEFAULT_MAX_KEYS = 100_000;
    /** Header values longer than this are keyed by a prefix and their hash, to bound memory. */
    static final int MAX_KEY_CHARS = 256;
    static final String REASON = "rate-limited";

    private final RateLimitConfig config;
    private final LongSupplier clock;
    private final long interval;
    /** The one bucket of a {@code route} key; null otherwise. */
    private final TokenBucket routeBucket;
    /** The buckets of the other keys; null for {@code route}. */
    private final KeyedBuckets buckets;
    private final String limit;

    RateLimitFilter(RateLimitConfig config, LongSupplier clock, int maxKeys) {
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.interval = Math.max(1, config.period().toNanos() / config.permits());
        long now = clock.getAsLong();
        if (config.key() == RateLimitConfig.Key.ROUTE) {
            routeBucket = new TokenBucket(interval, config.burst(), now);
            buckets = null;
        } else {
            routeBucket = null;
            buckets = new KeyedBuckets(interval, config.burst(), maxKeys, now);
        }
        limit = Integer.toString(config.burst());
    }

    /**
     * The filter for {@code config}: {@code previous} itself (buckets and all) when it is a rate
     * limit with the same settings, so a reload does not hand every client a fresh burst.
     *
     * @param previous the same route's rate limit in the snapshot being replaced, or null
     */
    public static RateLimitFilter create(RateLimitConfig config, RateLimitFilter previous) {
        if (previous != null && previous.config.equals(config)) {
            return previous;
        }
        return new RateLimitFilter(config, System::nanoTime, DEFAULT_MAX_KEYS);
    }

    /** The rate limit among {@code filters}, or null. */
    public static RateLimitFilter in(RequestFilter[] filters) {
        for (RequestFilter f : filters) {
            if (f instanceof RateLimitFilter r) {
                return r;
            }
        }
        return null;
    }

    public RateLimitConfig config() {
        return config;
    }

    @Override
    public String name() {
        return "rate-limit";
    }

    @Override
    public FilterResult onRequest(FilterContext context) {
        long now = clock.getAsLong();
        TokenBucket bucket = routeBucket != null ? routeBucket : buckets.bucket(key(context), now);
        long left = bucket.tryAcquire(now);
        if (left >= 0) {
            return FilterResult.CONTINUE;
        }
        long wait = -(left + 1);
        return FilterResult.reject(HttpResponseStatus.TOO_MANY_REQUESTS, REASON, List.of(
                Map.entry("Retry-After", Long.toString(Math.max(1, seconds(wait)))),
                Map.entry("RateLimit-Limit", limit),
                Map.entry("RateLimit-Remaining", "0"),
                Map.entry("RateLimit-Reset", Long.toString(Math.max(1, seconds(bucket.untilFull(now)))))));
    }

    /** What the request is counted by; the client's address when the chosen key is absent. */
    private Object key(FilterContext context) {
        Object key = switch (config.key()) {
            case HEADER -> bounded(context.headers().get(config.header()));
            case API_KEY -> context.identity();
            default -> null;
        };
        if (key != null) {
            return key;
        }
        // InetAddress and String never equal each other: a header can't pose as an address.
        Object address = context.clientAddress();
        return address == null ? "" : address;
    }

    private static String bounded(String value) {
        if (value == null || value.length() <= MAX_KEY_CHARS) {
            return value;
        }
        return value.substring(0, MAX_KEY_CHARS) + '#' + value.length() + '#' + value.hashCode();
    }

    /** Whole seconds, rounded up. */
    private static long seconds(long nanos) {
        return (nanos + 999_999_999L) / 1_000_000_000L;
    }

    /** Buckets held now (0 for a route-wide limit), for tests. */
    int keys() {
        return buckets == null ? 0 : buckets.size();
    }
}
