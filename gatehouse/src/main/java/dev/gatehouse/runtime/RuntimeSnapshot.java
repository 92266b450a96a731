package dev.gatehouse.runtime;

import dev.gatehouse.config.GatehouseConfig;
import dev.gatehouse.routing.Router;
import java.util.List;
import java.util.Map;

/**
 * Everything a request needs, compiled from one config generation: the router and the pools.
 * Immutable; an exchange reads it once at its start and keeps it to the end, so a reload never
 * changes a request mid-flight.
 */
public final class RuntimeSnapshot {

    private final long generation;
    private final GatehouseConfig config;
    private final Router<CompiledRoute> router;
    private final Map<String, CompiledPool> pools;
    private final List<CompiledRoute> routes;

    RuntimeSnapshot(long generation, GatehouseConfig config, Router<CompiledRoute> router, Map<String, CompiledPool> pools,
                    List<CompiledRoute> routes) {
        this.generation = generation;
        this.config = config;
        this.router = router;
        this.pools = Map.copyOf(pools);
        this.routes = List.copyOf(routes);
    }

    public long generation() {
        return generation;
    }

    public GatehouseConfig config() {
        return config;
    }

    /** Host and path to the compiled route (null: 404). */
    public Router<CompiledRoute> router() {
        return router;
    }

    /** The pool called {@code name}; routes only name pools that exist (the validator checks). */
    public CompiledPool pool(String name) {
        return pools.get(name);
    }

    /** The compiled routes in config order. */
    public List<CompiledRoute> routes() {
        return routes;
    }

    public Map<String, CompiledPool> pools() {
        return pools;
    }
}
