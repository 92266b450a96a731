package dev.gatehouse.runtime;

import dev.gatehouse.balancer.Balancer;
import dev.gatehouse.balancer.Endpoint;
import dev.gatehouse.health.PassiveHealth;
import dev.gatehouse.upstream.EndpointConnections;
import dev.gatehouse.upstream.UpstreamSettings;
import java.util.List;

/**
 * A pool as the proxy path uses it: its balancer (over its snapshot), how to reach its backends,
 * each endpoint's connections and their limits, and where real traffic's outcomes go for passive
 * health.
 *
 * @param connections one per endpoint of the balancer's snapshot, in its order
 */
public record CompiledPool(String name, Balancer balancer, UpstreamSettings upstream, PassiveHealth passiveHealth,
                           List<EndpointConnections> connections) {

    public CompiledPool {
        if (passiveHealth == null) {
            passiveHealth = PassiveHealth.NONE;
        }
        connections = List.copyOf(connections);
        if (connections.size() != balancer.snapshot().endpoints().size()) {
            throw new IllegalArgumentException("connections: " + connections.size() + " (expected: one per endpoint, "
                    + balancer.snapshot().endpoints().size() + ")");
        }
    }

    /** The connections of {@code endpoint}, one of this pool's snapshot. */
    public EndpointConnections connections(Endpoint endpoint) {
        return connections.get(endpoint.index());
    }
}
