package dev.gatehouse.runtime;

import dev.gatehouse.config.GatehouseConfig;
import dev.gatehouse.routing.Router;
import java.util.Map;

/**
 * Everything a request needs, compiled from one config generation: the router and the pools.
 * Immutable; an exchange reads it once at its start and keeps it to the end, so a reload never
 * changes a request mid-flight.
 */
public final class RuntimeSnapshot {

    private final long generation;
    private final GatehouseConfig config;
    private final Router router;
    private final Map<String, CompiledPool> pools;

    RuntimeSnapshot(long generation, GatehouseConfig config, Router router, Map<String, CompiledPool> pools) {
        this.generation = generation;
        this.config = config;
        this.router = router;
        this.pools = Map.copyOf(pools);
    }

    public long generation() {
        return generation;
    }

    public GatehouseConfig config() {
        return config;
    }

    public Router router() {
        return router;
    }

    /** The pool called {@code name}; routes only name pools that exist (the validator checks). */
    public CompiledPool pool(String name) {
        return pools.get(name);
    }

    public Map<String, CompiledPool> pools() {
        return pools;
    }
}
