package dev.gatehouse.config;

import java.time.Duration;
import java.util.List;

/**
 * One pool of backends and how requests are spread and sent to them.
 *
 * @param name               the pool's key under {@code pools}
 * @param strategy           the balancing strategy
 * @param backends           the backends, in file order; names are unique within the pool
 * @param connectTimeout     time allowed to open a connection to a backend (504 after)
 * @param responseTimeout    time allowed between sending a request and the response head, and
 *                           between two reads of the response body (504 after)
 * @param maxIdlePerLoop     idle keep-alive connections kept per backend and event loop
 * @param idleTimeout        how long an idle upstream connection is kept
 */
public record PoolConfig(
        String name,
        StrategyType strategy,
        List<BackendConfig> backends,
        Duration connectTimeout,
        Duration responseTimeout,
        int maxIdlePerLoop,
        Duration idleTimeout) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_IDLE_PER_LOOP = 256;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);

    public PoolConfig {
        backends = List.copyOf(backends);
    }
}
