package dev.gatehouse.config;

/**
 * Per-endpoint limits of a pool ({@code pools.<name>.circuit-breaker}), after Envoy's circuit
 * breakers: past a limit the gateway answers 503 at once instead of piling more work onto a
 * backend that is already saturated.
 *
 * <ul>
 *   <li>{@code maxRequests}: requests in flight. An endpoint at its limit is skipped by the
 *       balancer; when every endpoint is, the request gets 503.</li>
 *   <li>{@code maxConnections}: connections open to the endpoint, idle and busy, over all event
 *       loops. A request that needs a new connection when the endpoint has this many waits
 *       (<em>pending</em>) for one to be released or closed, at most the pool's connect
 *       timeout.</li>
 *   <li>{@code maxPending}: requests that may wait that way; one more gets 503 at once. Only
 *       read with {@code maxConnections}.</li>
 * </ul>
 *
 * @param maxRequests    requests in flight per endpoint, {@code >= 1}; {@link #NO_LIMIT} for none
 * @param maxConnections connections per endpoint, {@code >= 1}; {@link #NO_LIMIT} for none
 * @param maxPending     requests waiting for a connection per endpoint, {@code >= 0} (0: none may wait)
 */
public record CircuitBreakerConfig(int maxRequests, int maxConnections, int maxPending) {

    /** A limit that is not set. */
    public static final int NO_LIMIT = 0;
    /** Requests that may wait for a connection when {@code max-pending} is not set (Envoy's default). */
    public static final int DEFAULT_MAX_PENDING = 1024;

    public CircuitBreakerConfig {
        if (maxRequests < 0) {
            throw new IllegalArgumentException("maxRequests: " + maxRequests + " (expected: >= 0)");
        }
        if (maxConnections < 0) {
            throw new IllegalArgumentException("maxConnections: " + maxConnections + " (expected: >= 0)");
        }
        if (maxPending < 0) {
            throw new IllegalArgumentException("maxPending: " + maxPending + " (expected: >= 0)");
        }
        if (maxRequests == NO_LIMIT && maxConnections == NO_LIMIT) {
            throw new IllegalArgumentException("no limit set (expected: maxRequests or maxConnections)");
        }
    }

    /** Only a limit on requests in flight. */
    public static CircuitBreakerConfig maxRequestsOnly(int maxRequests) {
        return new CircuitBreakerConfig(maxRequests, NO_LIMIT, DEFAULT_MAX_PENDING);
    }
}
