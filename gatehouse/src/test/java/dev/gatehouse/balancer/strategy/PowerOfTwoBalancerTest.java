package dev.gatehouse.balancer.strategy;

import static dev.gatehouse.balancer.TestPools.count;
import static dev.gatehouse.balancer.TestPools.pool;
import static dev.gatehouse.balancer.strategy.LeastConnectionsBalancerTest.startRequests;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gatehouse.balancer.PoolSnapshot;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PowerOfTwoBalancerTest {

    private final SplittableRandom random = new SplittableRandom(11);

    @Test
    void routesAroundABackendWithManyRequestsInFlight() {
        PoolSnapshot pool = pool("A", "B", "C", "D");
        startRequests(pool.get(2), 50);
        PowerOfTwoBalancer balancer = new PowerOfTwoBalancer(pool, () -> random);

        Map<String, Integer> counts = count(balancer, 3_000);

        // The two choices are distinct, so C loses every comparison it is drawn into.
        assertThat(counts).doesNotContainKey("C");
        assertThat(counts.values()).allSatisfy(n -> assertThat(n).isBetween(800, 1200));
    }

    @Test
    void anIdlePoolIsSpreadByWeight() {
        PowerOfTwoBalancer balancer = new PowerOfTwoBalancer(pool("A:3", "B:1", "C:1", "D:1"), () -> random);

        Map<String, Integer> counts = count(balancer, 10_000);

        assertThat(counts.get("A") / 100.0).isCloseTo(50, within(2.0));
        assertThat(counts.get("B") / 100.0).isCloseTo(16.7, within(2.0));
    }

    @Test
    void loadIsComparedPerUnitOfWeight() {
        PoolSnapshot pool = pool("A:10", "B:1");
        startRequests(pool.get(0), 5);
        startRequests(pool.get(1), 1);
        PowerOfTwoBalancer balancer = new PowerOfTwoBalancer(pool, () -> random);

        assertThat(count(balancer, 100)).containsExactly(Map.entry("A", 100));
    }
}
