package dev.gatehouse.config;

/**
 * One route: what requests it matches and the pool that serves them.
 *
 * @param name  a name for logs and metrics; defaults to {@code route-N} (1-based, file order)
 * @param match the host and path-prefix the request must have
 * @param pool    the name of the pool, which must exist under {@code pools}
 * @param retries when the route retries a request on another backend
 */
public record RouteConfig(String name, MatchConfig match, String pool, RetryConfig retries) {

    public RouteConfig {
        if (retries == null) {
            retries = RetryConfig.DEFAULTS;
        }
    }

    /** A route with the default retry policy. */
    public RouteConfig(String name, MatchConfig match, String pool) {
        this(name, match, pool, RetryConfig.DEFAULTS);
    }
}
