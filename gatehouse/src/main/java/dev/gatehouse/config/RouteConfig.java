package dev.gatehouse.config;

/**
 * One route: what requests it matches and the pool that serves them.
 *
 * @param name  a name for logs and metrics; defaults to {@code route-N} (1-based, file order)
 * @param match the host and path-prefix the request must have
 * @param pool    the name of the pool, which must exist under {@code pools}
 * @param retries when the route retries a request on another backend
 * @param rateLimit the route's rate limit, null for none
 */
public record RouteConfig(String name, MatchConfig match, String pool, RetryConfig retries, RateLimitConfig rateLimit) {

    public RouteConfig {
        if (retries == null) {
            retries = RetryConfig.DEFAULTS;
        }
    }

    /** A route without a rate limit. */
    public RouteConfig(String name, MatchConfig match, String pool, RetryConfig retries) {
        this(name, match, pool, retries, null);
    }

    /** A route with the default retry policy. */
    public RouteConfig(String name, MatchConfig match, String pool) {
        this(name, match, pool, RetryConfig.DEFAULTS);
    }
}
