package dev.gatehouse.balancer.strategy;

import static dev.gatehouse.balancer.TestPools.count;
import static dev.gatehouse.balancer.TestPools.names;
import static dev.gatehouse.balancer.TestPools.pool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

import dev.gatehouse.balancer.PoolSnapshot;
import dev.gatehouse.balancer.TestPools;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WeightedRoundRobinBalancerTest {

    @Test
    void weightsThreeOneOneOneGiveNginxsSmoothCycleWithoutBursts() {
        WeightedRoundRobinBalancer balancer = new WeightedRoundRobinBalancer(pool("A:3", "B", "C", "D"), null);

        assertThat(names(balancer, 12)).containsExactly(
                "A", "B", "A", "C", "D", "A",
                "A", "B", "A", "C", "D", "A");
    }

    @Test
    void weightsFiveOneOneSpreadTheHeavyEndpointsTurns() {
        // The example of NGINX's commit message: { a, a, b, a, c, a, a }.
        WeightedRoundRobinBalancer balancer = new WeightedRoundRobinBalancer(pool("a:5", "b", "c"), null);

        assertThat(names(balancer, 7)).containsExactly("a", "a", "b", "a", "c", "a", "a");
    }

    @Test
    void equalWeightsAreRoundRobin() {
        WeightedRoundRobinBalancer balancer = new WeightedRoundRobinBalancer(pool("A:2", "B:2", "C:2"), null);

        assertThat(names(balancer, 6)).containsExactly("A", "B", "C", "A", "B", "C");
    }

    @Test
    void proportionsOverTenThousandPicksMatchTheWeightsWithinTwoPoints() {
        WeightedRoundRobinBalancer balancer = new WeightedRoundRobinBalancer(pool("A:5", "B:3", "C:2"), null);

        Map<String, Integer> counts = count(balancer, 10_000);

        assertThat(counts.get("A") / 100.0).isCloseTo(50, within(2.0));
        assertThat(counts.get("B") / 100.0).isCloseTo(30, within(2.0));
        assertThat(counts.get("C") / 100.0).isCloseTo(20, within(2.0));
    }

    @Test
    void anEndpointNotReadyLeavesTheOthersTheirRelativeShares() {
        PoolSnapshot pool = pool("A:4", "B:2", "C:1", "D:1");
        pool.get(1).state().setReady(false);
        WeightedRoundRobinBalancer balancer = new WeightedRoundRobinBalancer(pool, null);

        Map<String, Integer> counts = count(balancer, 8_000);

        assertThat(counts).doesNotContainKey("B");
        // B forfeits its turns: A, C and D share the picks 4:1:1, as their weights say.
        assertThat(counts).containsExactly(entry("A", 5_334), entry("C", 1_333), entry("D", 1_333));
    }

    @Test
    void hugeCoprimeWeightsAreScaledToABoundedCycleAndKeepTheirProportions() {
        String[] specs = new String[1000];
        for (int i = 0; i < specs.length; i++) {
            specs[i] = "e" + i + ":" + (i % 2 == 0 ? 9_973 : 4_999);
        }
        PoolSnapshot pool = pool(specs);

        int[] cycle = WeightedRoundRobinBalancer.cycle(pool.endpoints().toArray(new dev.gatehouse.balancer.Endpoint[0]));

        assertThat(cycle.length).isLessThanOrEqualTo(WeightedRoundRobinBalancer.MAX_CYCLE + 1000);
        long even = java.util.Arrays.stream(cycle).filter(i -> i % 2 == 0).count();
        assertThat((double) even / cycle.length).isCloseTo(9_973.0 / (9_973 + 4_999), within(0.01));
    }

    @Test
    void aRebuiltBalancerContinuesFromThePreviousPosition() {
        PoolSnapshot pool = pool("A:3", "B", "C", "D");
        WeightedRoundRobinBalancer first = new WeightedRoundRobinBalancer(pool, null);
        assertThat(names(first, 2)).containsExactly("A", "B");

        WeightedRoundRobinBalancer second = new WeightedRoundRobinBalancer(TestPools.reload(pool, "A:3", "B", "C", "D"), first);

        assertThat(names(second, 4)).containsExactly("A", "C", "D", "A");
    }
}
