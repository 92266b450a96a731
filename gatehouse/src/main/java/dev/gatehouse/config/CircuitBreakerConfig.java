package dev.gatehouse.config;

/**
 * Per-endpoint limits of a pool ({@code pools.<name>.circuit-breaker}): an endpoint at its limit
 * takes no new request, and when every endpoint is, the gateway answers 503 at once instead of
 * piling more work onto backends that are already saturated.
 *
 * <p>An upstream HTTP/1.1 connection carries one request at a time and the gateway never queues a
 * request for a connection, so {@code maxRequests} bounds an endpoint's connections in use and
 * there are no pending requests to bound.
 *
 * @param maxRequests requests in flight per endpoint, {@code >= 1}
 */
public record CircuitBreakerConfig(int maxRequests) {

    public CircuitBreakerConfig {
        if (maxRequests < 1) {
            throw new IllegalArgumentException("maxRequests: " + maxRequests + " (expected: >= 1)");
        }
    }
}
