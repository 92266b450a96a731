package dev.gatehouse.config.reload;

import dev.gatehouse.config.BackendConfig;
import dev.gatehouse.config.GatehouseConfig;
import dev.gatehouse.config.PoolConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Weights an operator set through the admin API, by pool and endpoint name, applied on top of the
 * config file: they outlive reloads for as long as the file keeps the endpoint.
 *
 * <p>Not thread-safe: only the reloader's thread uses it.
 */
final class WeightOverrides {

    /** The range the config file allows. */
    static final int MIN_WEIGHT = 1;
    static final int MAX_WEIGHT = 10_000;

    private record Key(String pool, String endpoint) {
    }

    private final Map<Key, Integer> weights = new LinkedHashMap<>();

    void put(String pool, String endpoint, int weight) {
        weights.put(new Key(pool, endpoint), weight);
    }

    /** Removes the override; returns the weight it had, or null. */
    Integer remove(String pool, String endpoint) {
        return weights.remove(new Key(pool, endpoint));
    }

    Integer get(String pool, String endpoint) {
        return weights.get(new Key(pool, endpoint));
    }

    /** Forgets the overrides of endpoints {@code config} no longer has. */
    void retainEndpointsOf(GatehouseConfig config) {
        weights.keySet().removeIf(key -> find(config, key.pool(), key.endpoint()) == null);
    }

    /** {@code config} with every override applied (the same instance when there is none). */
    GatehouseConfig apply(GatehouseConfig config) {
        if (weights.isEmpty()) {
            return config;
        }
        Map<String, PoolConfig> pools = new LinkedHashMap<>();
        for (PoolConfig pool : config.pools().values()) {
            List<BackendConfig> backends = new ArrayList<>(pool.backends().size());
            boolean changed = false;
            for (BackendConfig b : pool.backends()) {
                Integer weight = weights.get(new Key(pool.name(), b.name()));
                if (weight != null && weight != b.weight()) {
                    backends.add(b.withWeight(weight));
                    changed = true;
                } else {
                    backends.add(b);
                }
            }
            pools.put(pool.name(), changed ? pool.withBackends(backends) : pool);
        }
        return config.withPools(pools);
    }

    /** The backend {@code endpoint} of pool {@code pool} in {@code config}, or null. */
    static BackendConfig find(GatehouseConfig config, String pool, String endpoint) {
        PoolConfig p = config.pools().get(pool);
        if (p == null) {
            return null;
        }
        for (BackendConfig b : p.backends()) {
            if (b.name().equals(endpoint)) {
                return b;
            }
        }
        return null;
    }
}
