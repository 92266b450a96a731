package dev.gatehouse.balancer.strategy;

import static dev.gatehouse.balancer.TestPools.count;
import static dev.gatehouse.balancer.TestPools.pool;
import static dev.gatehouse.balancer.TestPools.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gatehouse.balancer.Endpoint;
import dev.gatehouse.balancer.PoolSnapshot;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LeastConnectionsBalancerTest {

    private final SplittableRandom random = new SplittableRandom(7);

    @Test
    void routesAroundABackendWithManyRequestsInFlight() {
        PoolSnapshot pool = pool("A", "B", "C", "D");
        startRequests(pool.get(1), 50);
        LeastConnectionsBalancer balancer = new LeastConnectionsBalancer(pool, () -> random);

        Map<String, Integer> counts = count(balancer, 1_000);

        assertThat(counts).doesNotContainKey("B");
        assertThat(counts.values()).allSatisfy(n -> assertThat(n).isBetween(250, 420));
    }

    @Test
    void picksTheFewestInFlightAndFillsTheGapAsRequestsStart() {
        PoolSnapshot pool = pool("A", "B", "C");
        startRequests(pool.get(0), 5);
        startRequests(pool.get(1), 2);
        LeastConnectionsBalancer balancer = new LeastConnectionsBalancer(pool, () -> random);

        for (int i = 0; i < 6; i++) {
            balancer.pick(request()).state().requestStarted();
        }

        // C catches up with B (2 picks), then B and C share the rest until they reach A.
        assertThat(pool.endpoints()).extracting(e -> e.state().inFlight()).containsExactly(5, 4, 4);
    }

    @Test
    void tiesAreBrokenFairlyNotAlwaysTheFirst() {
        LeastConnectionsBalancer balancer = new LeastConnectionsBalancer(pool("A", "B", "C", "D"), () -> random);

        Map<String, Integer> counts = count(balancer, 10_000);

        assertThat(counts).containsOnlyKeys("A", "B", "C", "D");
        assertThat(counts.values()).allSatisfy(n -> assertThat(n / 100.0).isCloseTo(25, within(2.0)));
    }

    @Test
    void loadIsMeasuredPerUnitOfWeight() {
        PoolSnapshot pool = pool("A:4", "B:1");
        startRequests(pool.get(0), 6); // 1.5 per unit
        startRequests(pool.get(1), 2); // 2 per unit
        LeastConnectionsBalancer balancer = new LeastConnectionsBalancer(pool, () -> random);

        assertThat(balancer.pick(request()).name()).isEqualTo("A");
    }

    @Test
    void anIdlePoolIsSpreadByWeight() {
        LeastConnectionsBalancer balancer = new LeastConnectionsBalancer(pool("A:3", "B:1"), () -> random);

        Map<String, Integer> counts = count(balancer, 10_000);

        assertThat(counts.get("A") / 100.0).isCloseTo(75, within(2.0));
    }

    static void startRequests(Endpoint endpoint, int count) {
        for (int i = 0; i < count; i++) {
            endpoint.state().requestStarted();
        }
    }
}
