package dev.gatehouse.observability;

import dev.gatehouse.balancer.Endpoint;
import dev.gatehouse.balancer.PoolHealthState;
import dev.gatehouse.config.PoolConfig;
import dev.gatehouse.exchange.ExchangeObserver;
import dev.gatehouse.exchange.ExchangeRecord;
import dev.gatehouse.runtime.CompiledPool;
import dev.gatehouse.runtime.RuntimeSnapshot;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.ToDoubleFunction;

/**
 * Counts and times every exchange for Prometheus (Micrometer), and shows the live state of every
 * endpoint as gauges. Series, as scraped:
 *
 * <ul>
 *   <li>{@code gatehouse_requests_total{route,pool,endpoint,status_class}}</li>
 *   <li>{@code gatehouse_request_duration_seconds{route,pool,endpoint,status_class}}: histogram,
 *       from the request head to the end of the response</li>
 *   <li>{@code gatehouse_upstream_duration_seconds{route,pool,endpoint,status_class}}: histogram,
 *       from sending to the backend to its response head</li>
 *   <li>{@code gatehouse_retries_total{route,pool}}, {@code gatehouse_failures_total{reason}}</li>
 *   <li>{@code gatehouse_exchanges_active}: requests in flight through the gateway</li>
 *   <li>{@code gatehouse_connections_refused_total{listener,reason}}: connections closed when
 *       accepted ({@code ip-denied}, {@code per-client-limit})</li>
 *   <li>per endpoint {@code {pool,endpoint}}: {@code gatehouse_upstream_in_flight},
 *       {@code gatehouse_endpoint_ready}, {@code gatehouse_endpoint_draining},
 *       {@code gatehouse_endpoint_healthy}, {@code gatehouse_endpoint_ejected},
 *       {@code gatehouse_endpoint_weight}, {@code gatehouse_endpoint_latency_ewma_seconds},
 *       {@code gatehouse_endpoint_requests_total}, {@code gatehouse_endpoint_failures_total}</li>
 *   <li>per pool {@code {pool}}: {@code gatehouse_pool_panic}, {@code gatehouse_pool_healthy_endpoints},
 *       {@code gatehouse_pool_ejected_endpoints}, {@code gatehouse_pool_ejections_total}</li>
 *   <li>{@code gatehouse_reloads_total{result="ok|failed"}}, {@code gatehouse_config_generation}</li>
 * </ul>
 *
 * <p>Per request this costs one map lookup keyed by a small record and a few plain writes into
 * the calling thread's own cells ({@link ExchangeMetrics}); the scrape does the summing.
 */
public final class MetricsObserver implements ExchangeObserver {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ExchangeMetrics exchanges = new ExchangeMetrics();
    private final Map<String, Counter> failures = new ConcurrentHashMap<>();
    private final Map<RefusalKey, Counter> refusals = new ConcurrentHashMap<>();
    private final Map<EndpointKey, EndpointMeters> endpoints = new ConcurrentHashMap<>();
    private final Map<String, PoolMeters> pools = new ConcurrentHashMap<>();
    private final Counter reloadsOk;
    private final Counter reloadsFailed;
    private final AtomicReference<RuntimeSnapshot> runtime = new AtomicReference<>();

    private record EndpointKey(String pool, String endpoint) {
    }

    private record RefusalKey(String listener, String reason) {
    }

    /** The health of the pool a name stands for in the current snapshot, and its meters. */
    private record PoolMeters(AtomicReference<PoolHealthState> current, List<Meter> meters) {
    }

    /** The endpoint a key names in the current snapshot (its weight and state change on reload), and its meters. */
    private record EndpointMeters(AtomicReference<Endpoint> current, List<Meter> meters) {
    }

    /**
     * @param active the gateway's exchange counter, shown as {@code gatehouse_exchanges_active}
     */
    public MetricsObserver(ActiveExchanges active) {
        registry.getPrometheusRegistry().register(exchanges);
        Gauge.builder("gatehouse.exchanges.active", active, ActiveExchanges::active)
                .description("Requests in flight through the gateway").strongReference(true).register(registry);
        Gauge.builder("gatehouse.connections.active", active, ActiveExchanges::connections)
                .description("Client connections open").strongReference(true).register(registry);
        reloadsOk = reloads("ok");
        reloadsFailed = reloads("failed");
        Gauge.builder("gatehouse.config.generation", runtime, r -> r.get() == null ? 0 : r.get().generation())
                .description("The generation of the config serving new requests").strongReference(true)
                .register(registry);
    }

    private Counter reloads(String result) {
        return Counter.builder("gatehouse.reloads").description("Config reloads, applied or refused")
                .tag("result", result).register(registry);
    }

    @Override
    public void onExchangeComplete(ExchangeRecord r) {
        exchanges.record(r);
        if (r.failure() != null) {
            Counter c = failures.get(r.failure());
            if (c == null) {
                c = failures.computeIfAbsent(r.failure(), reason -> Counter.builder("gatehouse.failures")
                        .description("Requests the gateway answered itself or cut short, by reason")
                        .tag("reason", reason).register(registry));
            }
            c.increment();
        }
    }

    @Override
    public void onConnectionRefused(String listener, String reason) {
        RefusalKey key = new RefusalKey(listener, reason);
        Counter c = refusals.get(key);
        if (c == null) {
            c = refusals.computeIfAbsent(key, k -> Counter.builder("gatehouse.connections.refused")
                    .description("Client connections closed when accepted, unread, by reason")
                    .tags("listener", k.listener(), "reason", k.reason()).register(registry));
        }
        c.increment();
    }

    /** A reload was applied ({@code ok}) or refused. */
    public void reloaded(boolean ok) {
        (ok ? reloadsOk : reloadsFailed).increment();
    }

    /**
     * Follows a new snapshot: endpoint gauges now read its endpoints; gauges of endpoints it no
     * longer has are removed. Call once at start and after every swap (not on the request path).
     */
    public synchronized void bind(RuntimeSnapshot snapshot) {
        runtime.set(snapshot);
        Set<EndpointKey> seen = new HashSet<>();
        for (PoolConfig pc : snapshot.config().pools().values()) {
            CompiledPool pool = snapshot.pool(pc.name());
            if (pool == null) {
                continue;
            }
            PoolMeters poolMeters = pools.get(pc.name());
            if (poolMeters == null) {
                pools.put(pc.name(), register(pc.name(), pool.balancer().snapshot().health()));
            } else {
                poolMeters.current().set(pool.balancer().snapshot().health());
            }
            for (Endpoint e : pool.balancer().snapshot().endpoints()) {
                EndpointKey key = new EndpointKey(pc.name(), e.name());
                seen.add(key);
                EndpointMeters meters = endpoints.get(key);
                if (meters == null) {
                    endpoints.put(key, register(key, e));
                } else {
                    meters.current().set(e);
                }
            }
        }
        pools.entrySet().removeIf(entry -> {
            if (snapshot.config().pools().containsKey(entry.getKey())) {
                return false;
            }
            entry.getValue().meters().forEach(registry::remove);
            return true;
        });
        endpoints.entrySet().removeIf(entry -> {
            if (seen.contains(entry.getKey())) {
                return false;
            }
            entry.getValue().meters().forEach(registry::remove);
            return true;
        });
    }

    private PoolMeters register(String pool, PoolHealthState health) {
        AtomicReference<PoolHealthState> current = new AtomicReference<>(health);
        Tags tags = Tags.of("pool", pool);
        List<Meter> meters = new ArrayList<>();
        meters.add(Gauge.builder("gatehouse.pool.panic", current, r -> r.get().isPanic() ? 1 : 0)
                .description("1 while too few endpoints are healthy and picks ignore health, else 0").tags(tags)
                .strongReference(true).register(registry));
        meters.add(Gauge.builder("gatehouse.pool.healthy.endpoints", current, r -> r.get().healthyEndpoints())
                .description("Healthy endpoints among those in service").tags(tags).strongReference(true)
                .register(registry));
        meters.add(Gauge.builder("gatehouse.pool.ejected.endpoints", current, r -> r.get().ejectedEndpoints())
                .description("Endpoints ejected by outlier detection").tags(tags).strongReference(true)
                .register(registry));
        meters.add(FunctionCounter.builder("gatehouse.pool.ejections", current, r -> r.get().ejectionsTotal())
                .description("Ejections by outlier detection").tags(tags).register(registry));
        return new PoolMeters(current, meters);
    }

    private EndpointMeters register(EndpointKey key, Endpoint endpoint) {
        AtomicReference<Endpoint> current = new AtomicReference<>(endpoint);
        Tags tags = Tags.of("pool", key.pool(), "endpoint", key.endpoint());
        List<Meter> meters = new ArrayList<>();
        meters.add(gauge("gatehouse.upstream.in.flight", "Requests sent to the endpoint and not finished",
                tags, current, e -> e.state().inFlight()));
        meters.add(gauge("gatehouse.endpoint.ready", "1 when the endpoint takes new requests, else 0",
                tags, current, e -> e.isReady() ? 1 : 0));
        meters.add(gauge("gatehouse.endpoint.draining", "1 when an operator drained the endpoint, else 0",
                tags, current, e -> e.state().isDraining() ? 1 : 0));
        meters.add(gauge("gatehouse.endpoint.weight", "The endpoint's weight in force",
                tags, current, Endpoint::weight));
        meters.add(gauge("gatehouse.endpoint.healthy", "1 when active checks pass and the endpoint is not ejected, else 0",
                tags, current, e -> e.state().isHealthy() ? 1 : 0));
        meters.add(gauge("gatehouse.endpoint.ejected", "1 while outlier detection has ejected the endpoint, else 0",
                tags, current, e -> e.state().isEjected() ? 1 : 0));
        LongSupplier now = System::nanoTime;
        meters.add(Gauge.builder("gatehouse.endpoint.latency.ewma", current,
                        r -> r.get().state().latencyEwmaNanos(now.getAsLong()) / 1e9)
                .description("The endpoint's peak-EWMA response latency").baseUnit("seconds").tags(tags)
                .strongReference(true).register(registry));
        meters.add(FunctionCounter.builder("gatehouse.endpoint.requests", current, r -> r.get().state().requests())
                .description("Requests sent to the endpoint").tags(tags).register(registry));
        meters.add(FunctionCounter.builder("gatehouse.endpoint.failures", current, r -> r.get().state().failures())
                .description("Requests to the endpoint that failed, and connections it refused").tags(tags)
                .register(registry));
        return new EndpointMeters(current, meters);
    }

    private Gauge gauge(String name, String description, Tags tags, AtomicReference<Endpoint> current,
            ToDoubleFunction<Endpoint> value) {
        return Gauge.builder(name, current, r -> value.applyAsDouble(r.get())).description(description).tags(tags)
                .strongReference(true).register(registry);
    }

    /** Shows how many access log lines were dropped, as {@code gatehouse_access_log_dropped_total}. */
    public void watch(AccessLogObserver accessLog) {
        FunctionCounter.builder("gatehouse.access.log.dropped", accessLog, AccessLogObserver::dropped)
                .description("Access log lines dropped because the writer could not keep up").register(registry);
    }

    /** Everything in the Prometheus text format (version 0.0.4). */
    public String scrape() {
        return registry.scrape();
    }

    /** The registry, for meters other parts of the gateway add. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }
}
