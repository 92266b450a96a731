package dev.gatehouse.config;

/**
 * One route: what requests it matches and the pool that serves them.
 *
 * @param name  a name for logs and metrics; defaults to {@code route-N} (1-based, file order)
 * @param match the host and path-prefix the request must have
 * @param pool  the name of the pool, which must exist under {@code pools}
 */
public record RouteConfig(String name, MatchConfig match, String pool) {
}
