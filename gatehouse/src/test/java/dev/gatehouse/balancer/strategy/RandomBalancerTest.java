package dev.gatehouse.balancer.strategy;

import static dev.gatehouse.balancer.TestPools.count;
import static dev.gatehouse.balancer.TestPools.pool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gatehouse.balancer.PoolSnapshot;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RandomBalancerTest {

    private final SplittableRandom random = new SplittableRandom(42);

    @Test
    void proportionsOverTenThousandPicksMatchTheWeightsWithinTwoPoints() {
        RandomBalancer balancer = new RandomBalancer(pool("A:5", "B:3", "C:2"), () -> random);

        Map<String, Integer> counts = count(balancer, 10_000);

        assertThat(counts.get("A") / 100.0).isCloseTo(50, within(2.0));
        assertThat(counts.get("B") / 100.0).isCloseTo(30, within(2.0));
        assertThat(counts.get("C") / 100.0).isCloseTo(20, within(2.0));
    }

    @Test
    void equalWeightsAreUniform() {
        RandomBalancer balancer = new RandomBalancer(pool("A", "B", "C", "D"), () -> random);

        Map<String, Integer> counts = count(balancer, 10_000);

        assertThat(counts.values()).allSatisfy(n -> assertThat(n / 100.0).isCloseTo(25, within(2.0)));
    }

    @Test
    void anEndpointNotReadyLeavesTheOthersExactlyTheirRelativeShares() {
        PoolSnapshot pool = pool("A:6", "B:2", "C:1", "D:1");
        pool.get(0).state().setReady(false);
        RandomBalancer balancer = new RandomBalancer(pool, () -> random);

        Map<String, Integer> counts = count(balancer, 10_000);

        assertThat(counts).doesNotContainKey("A");
        assertThat(counts.get("B") / 100.0).isCloseTo(50, within(2.0));
        assertThat(counts.get("C") / 100.0).isCloseTo(25, within(2.0));
        assertThat(counts.get("D") / 100.0).isCloseTo(25, within(2.0));
    }

    @Test
    void aSingleEligibleEndpointAmongManyIsFound() {
        String[] specs = new String[200];
        for (int i = 0; i < specs.length; i++) {
            specs[i] = "e" + i;
        }
        PoolSnapshot pool = pool(specs);
        pool.endpoints().forEach(e -> e.state().setReady(false));
        pool.get(137).state().setReady(true);
        RandomBalancer balancer = new RandomBalancer(pool, () -> random);

        assertThat(count(balancer, 100)).containsExactly(Map.entry("e137", 100));
    }
}
