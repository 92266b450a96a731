package dev.gatehouse.admin;

import dev.gatehouse.balancer.Balancer;
import dev.gatehouse.balancer.Endpoint;
import dev.gatehouse.balancer.EndpointState;
import dev.gatehouse.balancer.PoolHealthState;
import dev.gatehouse.balancer.affinity.AffinityBalancer;
import dev.gatehouse.config.BackendConfig;
import dev.gatehouse.config.GatehouseConfig;
import dev.gatehouse.config.PoolConfig;
import dev.gatehouse.config.reload.ReloadResult;
import dev.gatehouse.runtime.CompiledPool;
import dev.gatehouse.runtime.RuntimeSnapshot;
import dev.gatehouse.upstream.EndpointConnections;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON documents of the admin API, as ordered maps (Jackson writes them): the gateway's
 * status, its pools and endpoints, and readiness. Keys are snake_case, like the access log's.
 */
final class AdminViews {

    private AdminViews() {
    }

    /** {@code GET /api/status}. */
    static Map<String, Object> status(AdminContext ctx) {
        RuntimeSnapshot snapshot = ctx.runtime().get();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("version", ctx.version());
        out.put("started", ctx.started().toString());
        out.put("uptime_seconds", Duration.between(ctx.started(), Instant.now()).toMillis() / 1000.0);
        out.put("generation", snapshot.generation());
        out.put("config_file", ctx.reloader().file() == null ? null : ctx.reloader().file().toString());
        List<Map<String, Object>> listeners = new ArrayList<>();
        ctx.listeners().get().forEach((name, address) -> {
            Map<String, Object> l = new LinkedHashMap<>();
            l.put("name", name);
            l.put("address", address(address));
            listeners.add(l);
        });
        out.put("listeners", listeners);
        out.put("accepting", ctx.accepting().getAsBoolean());
        out.put("exchanges_in_flight", ctx.exchanges().active());
        out.put("metrics", ctx.metrics() != null);
        out.put("last_reload", reload(ctx.reloader().lastReload()));
        return out;
    }

    /** A reload's outcome, or null. */
    static Map<String, Object> reload(ReloadResult r) {
        if (r == null) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("time", r.time().toString());
        out.put("ok", r.ok());
        out.put("trigger", r.trigger());
        out.put("generation", r.generation());
        out.put("errors", r.errors());
        return out;
    }

    /** {@code GET /api/pools}: every pool in file order, every endpoint with its live state. */
    static Map<String, Object> pools(AdminContext ctx) {
        RuntimeSnapshot snapshot = ctx.runtime().get();
        GatehouseConfig file = ctx.reloader().fileConfig();
        List<Map<String, Object>> pools = new ArrayList<>();
        for (PoolConfig pc : snapshot.config().pools().values()) {
            CompiledPool pool = snapshot.pool(pc.name());
            if (pool != null) {
                pools.add(pool(pc, pool, file.pools().get(pc.name())));
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("generation", snapshot.generation());
        out.put("pools", pools);
        return out;
    }

    /** One pool, or null when the running snapshot has no pool called {@code name}. */
    static Map<String, Object> pool(AdminContext ctx, String name) {
        RuntimeSnapshot snapshot = ctx.runtime().get();
        PoolConfig pc = snapshot.config().pools().get(name);
        CompiledPool pool = snapshot.pool(name);
        if (pc == null || pool == null) {
            return null;
        }
        return pool(pc, pool, ctx.reloader().fileConfig().pools().get(name));
    }

    private static Map<String, Object> pool(PoolConfig pc, CompiledPool pool, PoolConfig inFile) {
        Balancer balancer = pool.balancer();
        List<Map<String, Object>> endpoints = new ArrayList<>();
        int ready = 0;
        long now = System.nanoTime();
        for (Endpoint e : balancer.snapshot().endpoints()) {
            if (e.isReady()) {
                ready++;
            }
            endpoints.add(endpoint(e, pool.connections(e), configuredWeight(inFile, e), now));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        PoolHealthState health = balancer.snapshot().health();
        out.put("name", pc.name());
        out.put("strategy", pc.strategy().configName());
        out.put("ready_endpoints", ready);
        out.put("healthy_endpoints", health.healthyEndpoints());
        out.put("ejected_endpoints", health.ejectedEndpoints());
        out.put("ejections_total", health.ejectionsTotal());
        out.put("panic", health.isPanic());
        out.put("affinity", affinity(balancer));
        out.put("endpoints", endpoints);
        return out;
    }

    private static Integer configuredWeight(PoolConfig inFile, Endpoint e) {
        if (inFile != null) {
            for (BackendConfig b : inFile.backends()) {
                if (b.name().equals(e.name())) {
                    return b.weight();
                }
            }
        }
        return null;
    }

    private static Map<String, Object> endpoint(Endpoint e, EndpointConnections connections, Integer configuredWeight,
            long now) {
        EndpointState s = e.state();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", e.name());
        out.put("address", address(e.address()));
        out.put("weight", e.weight());
        out.put("configured_weight", configuredWeight);
        out.put("ready", e.isReady());
        out.put("draining", s.isDraining());
        out.put("healthy", s.isHealthy());
        out.put("active_healthy", s.isActiveHealthy());
        out.put("ejected", s.isEjected());
        out.put("ramping", s.isRamping());
        out.put("in_flight", s.inFlight());
        out.put("connections", connections.open());
        out.put("pending", connections.pending());
        out.put("requests", s.requests());
        out.put("failures", s.failures());
        out.put("latency_ewma_ms", s.hasLatency() ? Math.round(s.latencyEwmaNanos(now) / 1_000.0) / 1_000.0 : null);
        return out;
    }

    private static Map<String, Object> affinity(Balancer balancer) {
        if (!(balancer instanceof AffinityBalancer a)) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", a.config().type().configName());
        if (a.table() != null) {
            out.put("entries", a.tableSize());
            out.put("max_entries", a.table().maxEntries());
        }
        return out;
    }

    /** Why the gateway is not ready, or null when it is: listeners accepting and one endpoint ready. */
    static String notReadyReason(AdminContext ctx) {
        if (!ctx.accepting().getAsBoolean()) {
            return "the gateway is stopping";
        }
        RuntimeSnapshot snapshot = ctx.runtime().get();
        for (CompiledPool pool : snapshot.pools().values()) {
            for (Endpoint e : pool.balancer().snapshot().endpoints()) {
                if (e.isReady()) {
                    return null;
                }
            }
        }
        return "no endpoint is ready";
    }

    static String address(InetSocketAddress a) {
        String host = a.getHostString();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
    }
}
