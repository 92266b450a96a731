package dev.gatehouse.runtime;

import dev.gatehouse.balancer.Balancer;
import dev.gatehouse.balancer.BalancerFactory;
import dev.gatehouse.balancer.Endpoint;
import dev.gatehouse.balancer.EndpointState;
import dev.gatehouse.balancer.PoolSnapshot;
import dev.gatehouse.config.BackendConfig;
import dev.gatehouse.config.GatehouseConfig;
import dev.gatehouse.config.PoolConfig;
import dev.gatehouse.proxy.retry.RetryPolicy;
import dev.gatehouse.routing.Router;
import dev.gatehouse.upstream.UpstreamSettings;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a validated config into a {@link RuntimeSnapshot}: resolves backend addresses (once, off
 * the request path), builds pool snapshots and balancers, compiles the router. Endpoints that
 * the previous snapshot already had keep their live state.
 */
public final class RuntimeCompiler {

    private RuntimeCompiler() {
    }

    /**
     * @param previous the snapshot being replaced, or null on first start
     * @throws UnknownHostException when a backend's host name does not resolve
     */
    public static RuntimeSnapshot compile(GatehouseConfig config, RuntimeSnapshot previous) throws UnknownHostException {
        Map<String, CompiledPool> pools = new LinkedHashMap<>();
        for (PoolConfig pc : config.pools().values()) {
            CompiledPool old = previous == null ? null : previous.pool(pc.name());
            PoolSnapshot snapshot = snapshot(pc, old == null ? null : old.balancer().snapshot());
            Balancer balancer = BalancerFactory.create(pc, snapshot, old == null ? null : old.balancer());
            pools.put(pc.name(), new CompiledPool(pc.name(), balancer, UpstreamSettings.of(pc)));
        }
        long generation = previous == null ? 1 : previous.generation() + 1;
        Map<String, RetryPolicy> previousRetries = new HashMap<>();
        if (previous != null) {
            previous.routes().forEach(r -> previousRetries.put(r.name(), r.retry()));
        }
        List<CompiledRoute> compiled = new ArrayList<>();
        Router<CompiledRoute> router = Router.compile(config.routes(), (route, rc) -> {
            CompiledRoute c = new CompiledRoute(route, pools.get(rc.pool()),
                    new RetryPolicy(rc.retries(), previousRetries.get(route.name())));
            compiled.add(c);
            return c;
        });
        return new RuntimeSnapshot(generation, config, router, pools, compiled);
    }

    private static PoolSnapshot snapshot(PoolConfig pc, PoolSnapshot previous) throws UnknownHostException {
        List<Endpoint> endpoints = new ArrayList<>(pc.backends().size());
        for (BackendConfig bc : pc.backends()) {
            InetSocketAddress address = resolve(pc.name(), bc);
            EndpointState state = null;
            if (previous != null) {
                Endpoint same = previous.find(bc.name());
                if (same != null && same.sameIdentity(bc.name(), address)) {
                    state = same.state();
                }
            }
            endpoints.add(new Endpoint(bc.name(), address, bc.weight(), endpoints.size(),
                    state != null ? state : new EndpointState()));
        }
        return new PoolSnapshot(pc.name(), endpoints);
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
