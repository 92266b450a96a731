package dev.gatehouse.balancer;

import dev.gatehouse.config.AffinityConfig;
import dev.gatehouse.config.PoolConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * The per-pool knobs strategies read, compiled from a {@link PoolConfig}: the hash key, the
 * bounded-load ε, the EWMA decay and the affinity.
 *
 * @param hashKey     what hashing strategies hash (ip-hash: always the client IP)
 * @param boundedLoad ε of consistent hashing with bounded loads, {@code > 0}
 * @param ewmaDecay   the latency EWMA's decay time
 * @param affinity    how clients are pinned to endpoints; null for a stateless pool
 */
public record BalancerSettings(HashKey hashKey, double boundedLoad, Duration ewmaDecay, AffinityConfig affinity) {

    /** Client-IP hashing, ε 0.25, 10s decay, stateless. */
    public static final BalancerSettings DEFAULTS = new BalancerSettings(HashKey.CLIENT_IP,
            PoolConfig.DEFAULT_BOUNDED_LOAD, PoolConfig.DEFAULT_EWMA_DECAY, null);

    public BalancerSettings {
        Objects.requireNonNull(hashKey, "hashKey");
        Objects.requireNonNull(ewmaDecay, "ewmaDecay");
        if (!(boundedLoad > 0)) {
            throw new IllegalArgumentException("boundedLoad: " + boundedLoad + " (expected: > 0)");
        }
        if (ewmaDecay.isNegative() || ewmaDecay.isZero()) {
            throw new IllegalArgumentException("ewmaDecay: " + ewmaDecay + " (expected: > 0)");
        }
    }

    /** The settings of {@code pool}. */
    public static BalancerSettings of(PoolConfig pool) {
        HashKey key = pool.hashKey() == null ? HashKey.CLIENT_IP : HashKey.parse(pool.hashKey());
        return new BalancerSettings(key, pool.boundedLoad(), pool.ewmaDecay(), pool.affinity());
    }

    /** The same settings with another affinity. */
    public BalancerSettings withAffinity(AffinityConfig newAffinity) {
        return new BalancerSettings(hashKey, boundedLoad, ewmaDecay, newAffinity);
    }
}
