package dev.gatehouse.balancer;

import static dev.gatehouse.balancer.TestPools.pool;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.balancer.affinity.AffinityBalancer;
import dev.gatehouse.balancer.strategy.ConsistentHashBalancer;
import dev.gatehouse.balancer.strategy.EwmaBalancer;
import dev.gatehouse.balancer.strategy.LeastConnectionsBalancer;
import dev.gatehouse.balancer.strategy.PowerOfTwoBalancer;
import dev.gatehouse.balancer.strategy.RandomBalancer;
import dev.gatehouse.balancer.strategy.RoundRobinBalancer;
import dev.gatehouse.balancer.strategy.WeightedRoundRobinBalancer;
import dev.gatehouse.config.AffinityConfig;
import dev.gatehouse.config.BackendConfig;
import dev.gatehouse.config.HostPort;
import dev.gatehouse.config.PoolConfig;
import dev.gatehouse.config.StrategyType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BalancerFactoryTest {

    @Test
    void eachStrategyHasItsClass() {
        Map<StrategyType, Class<?>> classes = Map.of(
                StrategyType.ROUND_ROBIN, RoundRobinBalancer.class,
                StrategyType.WEIGHTED, WeightedRoundRobinBalancer.class,
                StrategyType.RANDOM, RandomBalancer.class,
                StrategyType.LEAST_CONNECTIONS, LeastConnectionsBalancer.class,
                StrategyType.POWER_OF_TWO, PowerOfTwoBalancer.class,
                StrategyType.EWMA, EwmaBalancer.class,
                StrategyType.IP_HASH, ConsistentHashBalancer.class,
                StrategyType.CONSISTENT_HASH, ConsistentHashBalancer.class);

        assertThat(classes).hasSize(StrategyType.values().length);
        classes.forEach((strategy, type) -> {
            PoolSnapshot pool = pool("A", "B");
            Balancer balancer = BalancerFactory.create(strategy, pool, null);
            assertThat(balancer).isInstanceOf(type);
            assertThat(balancer.snapshot()).isSameAs(pool);
        });
    }

    @Test
    void aPoolConfigGivesItsSettingsAndAffinity() {
        PoolConfig config = new PoolConfig("web", StrategyType.EWMA,
                List.of(new BackendConfig("A", new HostPort("10.0.0.1", 80), 1)), Duration.ofSeconds(1),
                Duration.ofSeconds(1), 1, Duration.ofSeconds(1), null, 0.25, Duration.ofSeconds(4), AffinityConfig.cookie());
        PoolSnapshot pool = pool("A");

        Balancer balancer = BalancerFactory.create(config, pool, null);

        assertThat(balancer).isInstanceOf(AffinityBalancer.class);
        assertThat(((AffinityBalancer) balancer).strategy()).isInstanceOf(EwmaBalancer.class);
        assertThat(pool.get(0).state().latencyDecayNanos()).isEqualTo(Duration.ofSeconds(4).toNanos());
    }

    @Test
    void ipHashAlwaysHashesTheClientAddress() {
        PoolSnapshot pool = pool("A", "B", "C", "D", "E", "F");
        BalancerSettings byHeader = new BalancerSettings(HashKey.parse("header:X-User"), 0.25, Duration.ofSeconds(10), null);
        Balancer ipHash = BalancerFactory.create(StrategyType.IP_HASH, byHeader, pool, null);
        Balancer reference = BalancerFactory.create(StrategyType.CONSISTENT_HASH, BalancerSettings.DEFAULTS, pool, null);

        for (int i = 1; i < 50; i++) {
            PickContext request = TestPools.request("192.0.2." + i, TestPools.Keys.header("X-User", "same-user"));
            assertThat(ipHash.pick(request)).isSameAs(reference.pick(TestPools.from("192.0.2." + i)));
        }
    }
}
