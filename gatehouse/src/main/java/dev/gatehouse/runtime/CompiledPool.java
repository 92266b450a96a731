package dev.gatehouse.runtime;

import dev.gatehouse.balancer.Balancer;
import dev.gatehouse.health.PassiveHealth;
import dev.gatehouse.upstream.UpstreamSettings;

/**
 * A pool as the proxy path uses it: its balancer (over its snapshot), how to reach its backends,
 * and where real traffic's outcomes go for passive health.
 */
public record CompiledPool(String name, Balancer balancer, UpstreamSettings upstream, PassiveHealth passiveHealth) {

    public CompiledPool {
        if (passiveHealth == null) {
            passiveHealth = PassiveHealth.NONE;
        }
    }

    /** A pool without passive health. */
    public CompiledPool(String name, Balancer balancer, UpstreamSettings upstream) {
        this(name, balancer, upstream, PassiveHealth.NONE);
    }
}
