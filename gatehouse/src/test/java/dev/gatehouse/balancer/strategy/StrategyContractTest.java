package dev.gatehouse.balancer.strategy;

import static dev.gatehouse.balancer.TestPools.from;
import static dev.gatehouse.balancer.TestPools.pool;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.balancer.Balancer;
import dev.gatehouse.balancer.BalancerFactory;
import dev.gatehouse.balancer.BalancerSettings;
import dev.gatehouse.balancer.Endpoint;
import dev.gatehouse.balancer.PickContext;
import dev.gatehouse.balancer.PoolSnapshot;
import dev.gatehouse.config.AffinityConfig;
import dev.gatehouse.config.StrategyType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What every strategy, stateless or wrapped in an affinity, promises about eligibility. */
class StrategyContractTest {

    static Stream<Arguments> balancers() {
        List<Arguments> all = new ArrayList<>();
        for (StrategyType strategy : StrategyType.values()) {
            all.add(Arguments.of(strategy, null));
        }
        all.add(Arguments.of(StrategyType.ROUND_ROBIN, AffinityConfig.cookie()));
        all.add(Arguments.of(StrategyType.LEAST_CONNECTIONS, AffinityConfig.table()));
        all.add(Arguments.of(StrategyType.RANDOM, AffinityConfig.hash()));
        return all.stream();
    }

    private static Balancer build(StrategyType strategy, AffinityConfig affinity, PoolSnapshot pool) {
        return BalancerFactory.create(strategy, BalancerSettings.DEFAULTS.withAffinity(affinity), pool, null);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("balancers")
    void neverPicksAnEndpointThatIsNotReady(StrategyType strategy, AffinityConfig affinity) {
        PoolSnapshot pool = pool("A:2", "B", "C:3", "D");
        pool.get(0).state().setReady(false);
        pool.get(2).state().setDraining(true);
        Balancer balancer = build(strategy, affinity, pool);

        Set<String> picked = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            picked.add(balancer.pick(from("192.0.2." + (i % 250 + 1))).name());
        }

        assertThat(picked).containsOnly("B", "D");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("balancers")
    void neverPicksAnEndpointTheRequestAlreadyTriedAndRunsOutAfterAll(StrategyType strategy, AffinityConfig affinity) {
        PoolSnapshot pool = pool("A", "B:2", "C", "D");
        Balancer balancer = build(strategy, affinity, pool);
        PickContext request = from("198.51.100.7");

        Set<String> tried = new HashSet<>();
        for (int attempt = 0; attempt < 4; attempt++) {
            Endpoint e = balancer.pick(request);
            assertThat(e).isNotNull();
            assertThat(tried.add(e.name())).as("picked %s twice", e.name()).isTrue();
            request.markTried(e);
        }

        assertThat(balancer.pick(request)).isNull();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("balancers")
    void returnsNullWhenNoEndpointIsReady(StrategyType strategy, AffinityConfig affinity) {
        PoolSnapshot pool = pool("A", "B", "C");
        pool.endpoints().forEach(e -> e.state().setReady(false));
        Balancer balancer = build(strategy, affinity, pool);

        assertThat(balancer.pick(from("203.0.113.1"))).isNull();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("balancers")
    void anEmptyPoolHasNothingToPick(StrategyType strategy, AffinityConfig affinity) {
        Balancer balancer = build(strategy, affinity, pool());

        assertThat(balancer.pick(from("203.0.113.1"))).isNull();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("balancers")
    void findsTheOnlyEligibleEndpointOfALargePool(StrategyType strategy, AffinityConfig affinity) {
        String[] specs = new String[300];
        for (int i = 0; i < specs.length; i++) {
            specs[i] = "e" + i;
        }
        PoolSnapshot pool = pool(specs);
        pool.endpoints().forEach(e -> e.state().setReady(false));
        pool.get(271).state().setReady(true);
        Balancer balancer = build(strategy, affinity, pool);

        for (int i = 0; i < 20; i++) {
            assertThat(balancer.pick(from("192.0.2." + (i + 1))).name()).isEqualTo("e271");
        }
    }
}
