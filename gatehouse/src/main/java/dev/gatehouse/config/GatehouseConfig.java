package dev.gatehouse.config;

import java.util.List;
import java.util.Map;

/**
 * The whole gateway configuration, as validated from one YAML file: listeners, the admin side,
 * routes in match order and pools by name.
 */
public record GatehouseConfig(
        List<ListenerConfig> listeners,
        AdminConfig admin,
        List<RouteConfig> routes,
        Map<String, PoolConfig> pools) {

    public GatehouseConfig {
        listeners = List.copyOf(listeners);
        routes = List.copyOf(routes);
        // Keep the pools in file order: it is the order users read them in.
        pools = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(pools));
    }

    /** This config with other pools, every other section the same. */
    public GatehouseConfig withPools(Map<String, PoolConfig> newPools) {
        return new GatehouseConfig(listeners, admin, routes, newPools);
    }
}
