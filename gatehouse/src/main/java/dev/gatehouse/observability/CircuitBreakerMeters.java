package dev.gatehouse.observability;

import dev.gatehouse.balancer.Endpoint;
import dev.gatehouse.config.PoolConfig;
import dev.gatehouse.runtime.CompiledPool;
import dev.gatehouse.runtime.RuntimeSnapshot;
import dev.gatehouse.upstream.EndpointConnections;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;

/**
 * The circuit breaker and connections of every endpoint, as meters read from the live state (no
 * work on the request path). Series, as scraped, each {@code {pool,endpoint}}:
 *
 * <ul>
 *   <li>{@code gatehouse_circuit_breaker_rejections_total{limit}}: requests the breaker refused
 *       with 503: {@code max-requests} (the endpoint at its request limit and no other took the
 *       request), {@code max-pending} (too many already waited for a connection),
 *       {@code max-connections} (waited for a connection longer than the connect timeout)</li>
 *   <li>{@code gatehouse_upstream_connections}: connections open or being opened, idle and busy</li>
 *   <li>{@code gatehouse_upstream_pending}: requests waiting for a connection</li>
 * </ul>
 */
public final class CircuitBreakerMeters {

    private final MeterRegistry registry;
    private final Map<Key, Bound> endpoints = new HashMap<>();

    private record Key(String pool, String endpoint) {
    }

    /** What a key stands for in the current snapshot. */
    private record Target(Endpoint endpoint, EndpointConnections connections) {
    }

    private record Bound(AtomicReference<Target> current, List<Meter> meters) {
    }

    public CircuitBreakerMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * Follows a new snapshot: meters read its endpoints; those of endpoints it no longer has are
     * removed. Call once at start and after every swap.
     */
    public synchronized void bind(RuntimeSnapshot snapshot) {
        Set<Key> seen = new HashSet<>();
        for (PoolConfig pc : snapshot.config().pools().values()) {
            CompiledPool pool = snapshot.pool(pc.name());
            if (pool == null) {
                continue;
            }
            for (Endpoint e : pool.balancer().snapshot().endpoints()) {
                Key key = new Key(pc.name(), e.name());
                seen.add(key);
                Target target = new Target(e, pool.connections(e));
                Bound bound = endpoints.get(key);
                if (bound == null) {
                    endpoints.put(key, register(key, target));
                } else {
                    bound.current().set(target);
                }
            }
        }
        endpoints.entrySet().removeIf(entry -> {
            if (seen.contains(entry.getKey())) {
                return false;
            }
            entry.getValue().meters().forEach(registry::remove);
            return true;
        });
    }

    private Bound register(Key key, Target target) {
        AtomicReference<Target> current = new AtomicReference<>(target);
        Tags tags = Tags.of("pool", key.pool(), "endpoint", key.endpoint());
        List<Meter> meters = new ArrayList<>();
        meters.add(rejections(tags, "max-requests", current, t -> t.endpoint().state().refusedAtLimit()));
        meters.add(rejections(tags, "max-connections", current, t -> t.connections().refusedWaiting()));
        meters.add(rejections(tags, "max-pending", current, t -> t.connections().refusedAtOnce()));
        meters.add(Gauge.builder("gatehouse.upstream.connections", current, r -> r.get().connections().open())
                .description("Connections to the endpoint open or being opened, idle and busy").tags(tags)
                .strongReference(true).register(registry));
        meters.add(Gauge.builder("gatehouse.upstream.pending", current, r -> r.get().connections().pending())
                .description("Requests waiting for a connection to the endpoint (max-connections)").tags(tags)
                .strongReference(true).register(registry));
        return new Bound(current, meters);
    }

    private FunctionCounter rejections(Tags tags, String limit, AtomicReference<Target> current,
            ToDoubleFunction<Target> count) {
        return FunctionCounter.builder("gatehouse.circuit.breaker.rejections", current, r -> count.applyAsDouble(r.get()))
                .description("Requests the circuit breaker refused with 503, by the limit that refused them")
                .tags(tags).tag("limit", limit).register(registry);
    }
}
