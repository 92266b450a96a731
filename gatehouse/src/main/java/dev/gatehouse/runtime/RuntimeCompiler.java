package dev.gatehouse.runtime;

import dev.gatehouse.balancer.Balancer;
import dev.gatehouse.balancer.BalancerFactory;
import dev.gatehouse.balancer.Endpoint;
import dev.gatehouse.balancer.EndpointState;
import dev.gatehouse.balancer.PoolHealthState;
import dev.gatehouse.balancer.PoolSnapshot;
import dev.gatehouse.config.BackendConfig;
import dev.gatehouse.config.CircuitBreakerConfig;
import dev.gatehouse.config.GatehouseConfig;
import dev.gatehouse.config.PoolConfig;
import dev.gatehouse.filter.RequestFilter;
import dev.gatehouse.health.OutlierDetector;
import dev.gatehouse.health.PassiveHealth;
import dev.gatehouse.proxy.retry.RetryPolicy;
import dev.gatehouse.routing.Router;
import dev.gatehouse.security.MethodFilter;
import dev.gatehouse.security.SecurityFilters;
import dev.gatehouse.security.ratelimit.RateLimitFilter;
import dev.gatehouse.upstream.EndpointConnections;
import dev.gatehouse.upstream.UpstreamSettings;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a validated config into a {@link RuntimeSnapshot}: resolves backend addresses (once, off
 * the request path), builds pool snapshots, balancers and passive health, compiles the router.
 * Endpoints that the previous snapshot already had keep their live state (health included) and
 * their connections, and a pool keeps its shared {@link PoolHealthState} and outlier-detection
 * history.
 */
public final class RuntimeCompiler {

    private RuntimeCompiler() {
    }

    /**
     * @param previous the snapshot being replaced, or null on first start
     * @throws UnknownHostException when a backend's host name does not resolve
     */
    public static RuntimeSnapshot compile(GatehouseConfig config, RuntimeSnapshot previous) throws UnknownHostException {
        // Every address first: a name that does not resolve fails the compile before any state
        // shared with the running snapshot (a pool's health settings) is touched.
        Map<String, List<InetSocketAddress>> addresses = new HashMap<>();
        for (PoolConfig pc : config.pools().values()) {
            List<InetSocketAddress> resolved = new ArrayList<>(pc.backends().size());
            for (BackendConfig bc : pc.backends()) {
                resolved.add(resolve(pc.name(), bc));
            }
            addresses.put(pc.name(), resolved);
        }
        Map<String, CompiledPool> pools = new LinkedHashMap<>();
        for (PoolConfig pc : config.pools().values()) {
            CompiledPool old = previous == null ? null : previous.pool(pc.name());
            PoolSnapshot oldSnapshot = old == null ? null : old.balancer().snapshot();
            PoolHealthState health = oldSnapshot == null ? new PoolHealthState(pc.name()) : oldSnapshot.health();
            CircuitBreakerConfig breaker = pc.circuitBreaker();
            health.configure(pc.panicThreshold(), breaker == null ? CircuitBreakerConfig.NO_LIMIT : breaker.maxRequests(),
                    pc.slowStart());
            PoolSnapshot snapshot = snapshot(pc, addresses.get(pc.name()), oldSnapshot, health);
            Balancer balancer = BalancerFactory.create(pc, snapshot, old == null ? null : old.balancer());
            PassiveHealth passive = PassiveHealth.NONE;
            if (pc.outlierDetection() != null) {
                passive = new OutlierDetector(pc.outlierDetection(), snapshot,
                        old != null && old.passiveHealth() instanceof OutlierDetector d ? d : null);
            }
            pools.put(pc.name(), new CompiledPool(pc.name(), balancer, UpstreamSettings.of(pc), passive,
                    connections(snapshot, old, breaker)));
        }
        long generation = previous == null ? 1 : previous.generation() + 1;
        Map<String, RetryPolicy> previousRetries = new HashMap<>();
        Map<String, RateLimitFilter> previousRateLimits = new HashMap<>();
        if (previous != null) {
            previous.routes().forEach(r -> previousRetries.put(r.name(), r.retry()));
            previous.routes().forEach(r -> previousRateLimits.put(r.name(), RateLimitFilter.in(r.filters())));
        }
        List<CompiledRoute> compiled = new ArrayList<>();
        SecurityFilters security = SecurityFilters.of(config.routes());
        Router<CompiledRoute> router = Router.compile(config.routes(), (route, rc) -> {
            List<RequestFilter> filters = new ArrayList<>();
            if (!rc.methods().isEmpty()) {
                // A method the route never serves is refused before anything else is spent on it.
                filters.add(new MethodFilter(rc.methods()));
            }
            // Identity headers stripped and the IP list checked first; authentication next.
            filters.addAll(security.access(rc));
            filters.addAll(security.authentication(rc));
            // The rate limit runs last: after authentication (api-key counts by identity), and
            // so that requests rejected by an earlier filter spend no token.
            if (rc.rateLimit() != null) {
                filters.add(RateLimitFilter.create(rc.rateLimit(), previousRateLimits.get(route.name())));
            }
            CompiledRoute c = new CompiledRoute(route, pools.get(rc.pool()),
                    new RetryPolicy(rc.retries(), previousRetries.get(route.name())), filters, rc.allowUpgrade());
            compiled.add(c);
            return c;
        });
        return new RuntimeSnapshot(generation, config, router, pools, compiled);
    }

    /**
     * The pool's endpoints: those the previous snapshot already had (same name and address) keep
     * their live state; new ones get a fresh state of the pool's {@code health}, and start their
     * slow-start ramp when they join a running pool.
     */
    private static PoolSnapshot snapshot(PoolConfig pc, List<InetSocketAddress> addresses, PoolSnapshot previous,
            PoolHealthState health) {
        List<Endpoint> endpoints = new ArrayList<>(pc.backends().size());
        List<EndpointState> states = new ArrayList<>(pc.backends().size());
        long now = System.nanoTime();
        for (int i = 0; i < pc.backends().size(); i++) {
            BackendConfig bc = pc.backends().get(i);
            InetSocketAddress address = addresses.get(i);
            EndpointState state = null;
            if (previous != null) {
                Endpoint same = previous.find(bc.name());
                if (same != null && same.sameIdentity(bc.name(), address)) {
                    state = same.state();
                }
            }
            if (state == null) {
                state = new EndpointState(health);
                if (previous != null) {
                    state.startRamp(now);
                }
            }
            states.add(state);
            endpoints.add(new Endpoint(bc.name(), address, bc.weight(), endpoints.size(), state));
        }
        health.track(states);
        return new PoolSnapshot(pc.name(), endpoints, health);
    }

    /**
     * Each endpoint's connections: an endpoint the previous pool had (the same live state) keeps
     * its own, with their counts and waiters; every endpoint gets the breaker's current limits.
     */
    private static List<EndpointConnections> connections(PoolSnapshot snapshot, CompiledPool old,
            CircuitBreakerConfig breaker) {
        int maxConnections = breaker == null ? CircuitBreakerConfig.NO_LIMIT : breaker.maxConnections();
        int maxPending = breaker == null ? 0 : breaker.maxPending();
        Map<EndpointState, EndpointConnections> kept = new IdentityHashMap<>();
        if (old != null) {
            for (Endpoint before : old.balancer().snapshot().endpoints()) {
                kept.put(before.state(), old.connections(before));
            }
        }
        List<EndpointConnections> out = new ArrayList<>(snapshot.endpoints().size());
        for (Endpoint e : snapshot.endpoints()) {
            EndpointConnections connections = kept.get(e.state());
            if (connections == null) {
                connections = new EndpointConnections(e.address());
            }
            connections.setLimits(maxConnections, maxPending);
            out.add(connections);
        }
        return out;
    }

    private static InetSocketAddress resolve(String pool, BackendConfig bc) throws UnknownHostException {
        InetSocketAddress address = new InetSocketAddress(bc.address().host(), bc.address().port());
        if (address.isUnresolved()) {
            throw new UnknownHostException("pools." + pool + ".backends." + bc.name() + ": cannot resolve host \""
                    + bc.address().host() + "\"");
        }
        return address;
    }
}
