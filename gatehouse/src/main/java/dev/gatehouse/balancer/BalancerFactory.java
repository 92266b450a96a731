package dev.gatehouse.balancer;

import dev.gatehouse.balancer.affinity.AffinityBalancer;
import dev.gatehouse.balancer.strategy.ConsistentHashBalancer;
import dev.gatehouse.balancer.strategy.EwmaBalancer;
import dev.gatehouse.balancer.strategy.LeastConnectionsBalancer;
import dev.gatehouse.balancer.strategy.PowerOfTwoBalancer;
import dev.gatehouse.balancer.strategy.RandomBalancer;
import dev.gatehouse.balancer.strategy.RoundRobinBalancer;
import dev.gatehouse.balancer.strategy.WeightedRoundRobinBalancer;
import dev.gatehouse.config.PoolConfig;
import dev.gatehouse.config.StrategyType;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Builds the balancer a pool's strategy names, wrapped in an {@link AffinityBalancer} for a
 * stateful pool, carrying warm state over from the previous one (through the wrapper, too).
 */
public final class BalancerFactory {

    private BalancerFactory() {
    }

    /** The balancer of {@code pool}'s strategy, settings and affinity. */
    public static Balancer create(PoolConfig pool, PoolSnapshot snapshot, Balancer previous) {
        return create(pool.strategy(), BalancerSettings.of(pool), snapshot, previous);
    }

    /**
     * A stateless balancer with default settings.
     *
     * @param previous the balancer this one replaces (same pool, older snapshot), or null
     */
    public static Balancer create(StrategyType strategy, PoolSnapshot snapshot, Balancer previous) {
        return create(strategy, BalancerSettings.DEFAULTS, snapshot, previous);
    }

    /** @param previous the balancer this one replaces (same pool, older snapshot), or null */
    public static Balancer create(StrategyType strategy, BalancerSettings settings, PoolSnapshot snapshot,
            Balancer previous) {
        Balancer previousStrategy = previous instanceof AffinityBalancer a ? a.strategy() : previous;
        Balancer balancer = switch (strategy) {
            case ROUND_ROBIN -> new RoundRobinBalancer(snapshot, previousStrategy);
            case WEIGHTED -> new WeightedRoundRobinBalancer(snapshot, previousStrategy);
            case RANDOM -> new RandomBalancer(snapshot);
            case LEAST_CONNECTIONS -> new LeastConnectionsBalancer(snapshot);
            case POWER_OF_TWO -> new PowerOfTwoBalancer(snapshot);
            case EWMA -> new EwmaBalancer(snapshot, settings.ewmaDecay());
            case IP_HASH -> new ConsistentHashBalancer(snapshot, HashKey.CLIENT_IP, settings.boundedLoad(),
                    ThreadLocalRandom::current);
            case CONSISTENT_HASH -> new ConsistentHashBalancer(snapshot, settings.hashKey(), settings.boundedLoad(),
                    ThreadLocalRandom::current);
        };
        if (settings.affinity() == null) {
            return balancer;
        }
        return AffinityBalancer.create(settings.affinity(), settings.hashKey(), snapshot, balancer, previous,
                System::nanoTime);
    }
}
