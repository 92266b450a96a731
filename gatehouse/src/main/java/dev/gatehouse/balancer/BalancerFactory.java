package dev.gatehouse.balancer;

import dev.gatehouse.balancer.strategy.RoundRobinBalancer;
import dev.gatehouse.config.StrategyType;

/** Builds the balancer a pool's strategy names, carrying warm state over from the previous one. */
public final class BalancerFactory {

    private BalancerFactory() {
    }

    /**
     * @param previous the balancer this one replaces (same pool, older snapshot), or null
     */
    public static Balancer create(StrategyType strategy, PoolSnapshot snapshot, Balancer previous) {
        return switch (strategy) {
            case ROUND_ROBIN -> new RoundRobinBalancer(snapshot, previous);
        };
    }
}
