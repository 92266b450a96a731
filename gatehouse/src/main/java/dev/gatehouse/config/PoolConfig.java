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
 * @param hashKey            what a hashing strategy hashes: {@code client-ip}, {@code path},
 *                           {@code header:Name}, {@code cookie:name} or {@code query:name};
 *                           {@code client-ip} by default for {@code consistent-hash} and always for
 *                           {@code ip-hash}; null for the other strategies unless affinity
 *                           {@code hash} uses it
 * @param boundedLoad        ε of consistent hashing with bounded loads: no endpoint takes more
 *                           than ceil((1 + ε) × its weighted share) of the requests in flight;
 *                           {@code > 0}, default 0.25
 * @param ewmaDecay          the time constant over which the {@code ewma} strategy forgets a
 *                           latency (a slow backend's penalty fades by 1/e per decay time); default 10s
 * @param affinity           how clients stay on their backend; null for a stateless pool
 * @param healthCheck        active probes of each backend; null for none
 * @param outlierDetection   ejection of backends that real traffic finds failing; null for none
 * @param circuitBreaker     per-endpoint limits; null for none
 * @param slowStart          how long a backend that comes back (or is added by a reload) takes to
 *                           ramp up from a tenth to all of its share; zero for no ramp
 * @param panicThreshold     percent of the pool's backends that must be healthy; below it, picks
 *                           ignore health (a broken health check must not take the whole pool
 *                           down); 0..100, default 50, 0 = never panic
 */
public record PoolConfig(
        String name,
        StrategyType strategy,
        List<BackendConfig> backends,
        Duration connectTimeout,
        Duration responseTimeout,
        int maxIdlePerLoop,
        Duration idleTimeout,
        String hashKey,
        double boundedLoad,
        Duration ewmaDecay,
        AffinityConfig affinity,
        HealthCheckConfig healthCheck,
        OutlierDetectionConfig outlierDetection,
        CircuitBreakerConfig circuitBreaker,
        Duration slowStart,
        int panicThreshold) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_IDLE_PER_LOOP = 256;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
    public static final String DEFAULT_HASH_KEY = "client-ip";
    public static final double DEFAULT_BOUNDED_LOAD = 0.25;
    public static final Duration DEFAULT_EWMA_DECAY = Duration.ofSeconds(10);
    /** Envoy's default: below half of the pool healthy, use all of it. */
    public static final int DEFAULT_PANIC_THRESHOLD = 50;

    public PoolConfig {
        backends = List.copyOf(backends);
        if (strategy == StrategyType.IP_HASH || (strategy == StrategyType.CONSISTENT_HASH && hashKey == null)) {
            hashKey = DEFAULT_HASH_KEY;
        }
        if (!(boundedLoad > 0)) {
            throw new IllegalArgumentException("boundedLoad: " + boundedLoad + " (expected: > 0)");
        }
        if (ewmaDecay == null) {
            ewmaDecay = DEFAULT_EWMA_DECAY;
        } else if (ewmaDecay.isNegative() || ewmaDecay.isZero()) {
            throw new IllegalArgumentException("ewmaDecay: " + ewmaDecay + " (expected: > 0)");
        }
        if (slowStart == null) {
            slowStart = Duration.ZERO;
        } else if (slowStart.isNegative()) {
            throw new IllegalArgumentException("slowStart: " + slowStart + " (expected: >= 0)");
        }
        if (panicThreshold < 0 || panicThreshold > 100) {
            throw new IllegalArgumentException("panicThreshold: " + panicThreshold + " (expected: 0..100)");
        }
    }

    /** A pool without health checks, outlier detection, limits or slow start; panic threshold 50%. */
    public PoolConfig(String name, StrategyType strategy, List<BackendConfig> backends, Duration connectTimeout,
            Duration responseTimeout, int maxIdlePerLoop, Duration idleTimeout, String hashKey, double boundedLoad,
            Duration ewmaDecay, AffinityConfig affinity) {
        this(name, strategy, backends, connectTimeout, responseTimeout, maxIdlePerLoop, idleTimeout, hashKey,
                boundedLoad, ewmaDecay, affinity, null, null, null, Duration.ZERO, DEFAULT_PANIC_THRESHOLD);
    }

    /** A stateless pool with the default hash key, bounded load and EWMA decay for its strategy. */
    public PoolConfig(String name, StrategyType strategy, List<BackendConfig> backends, Duration connectTimeout,
            Duration responseTimeout, int maxIdlePerLoop, Duration idleTimeout) {
        this(name, strategy, backends, connectTimeout, responseTimeout, maxIdlePerLoop, idleTimeout,
                null, DEFAULT_BOUNDED_LOAD, DEFAULT_EWMA_DECAY, null);
    }

    /** This pool with other backends, every other setting the same. */
    public PoolConfig withBackends(List<BackendConfig> newBackends) {
        return new PoolConfig(name, strategy, newBackends, connectTimeout, responseTimeout, maxIdlePerLoop, idleTimeout,
                hashKey, boundedLoad, ewmaDecay, affinity, healthCheck, outlierDetection, circuitBreaker, slowStart,
                panicThreshold);
    }
}
