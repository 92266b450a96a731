package dev.gatehouse.config;

/**
 * One route: what requests it matches and the pool that serves them.
 *
 * @param name  a name for logs and metrics; defaults to {@code route-N} (1-based, file order)
 * @param match the host and path-prefix the request must have
 * @param pool    the name of the pool, which must exist under {@code pools}
 * @param retries when the route retries a request on another backend
 * @param rateLimit the route's rate limit, null for none
 * @param access    the route's IP allow/deny list, null for none
 * @param auth      how the route authenticates clients, null for not at all
 * @param methods   the methods the route admits (upper-case), empty for any
 * @param allowUpgrade the protocols (lower-case tokens, e.g. {@code websocket}) a request on the
 *                     route may switch to through the gateway; empty for none
 */
public record RouteConfig(String name, MatchConfig match, String pool, RetryConfig retries, RateLimitConfig rateLimit,
                          AccessConfig access, AuthConfig auth, java.util.List<String> methods,
                          java.util.List<String> allowUpgrade) {

    public RouteConfig {
        if (retries == null) {
            retries = RetryConfig.DEFAULTS;
        }
        methods = methods == null ? java.util.List.of() : java.util.List.copyOf(methods);
        allowUpgrade = allowUpgrade == null ? java.util.List.of() : java.util.List.copyOf(allowUpgrade);
    }

    /** A route that allows no protocol upgrade. */
    public RouteConfig(String name, MatchConfig match, String pool, RetryConfig retries, RateLimitConfig rateLimit,
                       AccessConfig access, AuthConfig auth, java.util.List<String> methods) {
        this(name, match, pool, retries, rateLimit, access, auth, methods, java.util.List.of());
    }

    /** A route admitting every method. */
    public RouteConfig(String name, MatchConfig match, String pool, RetryConfig retries, RateLimitConfig rateLimit,
                       AccessConfig access, AuthConfig auth) {
        this(name, match, pool, retries, rateLimit, access, auth, java.util.List.of());
    }

    /** A route without access control or authentication. */
    public RouteConfig(String name, MatchConfig match, String pool, RetryConfig retries, RateLimitConfig rateLimit) {
        this(name, match, pool, retries, rateLimit, null, null);
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
