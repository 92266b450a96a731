package dev.gatehouse.balancer.strategy;

import static dev.gatehouse.balancer.TestPools.pool;
import static dev.gatehouse.balancer.TestPools.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.gatehouse.balancer.Endpoint;
import dev.gatehouse.balancer.EndpointState;
import dev.gatehouse.balancer.PoolSnapshot;
import dev.gatehouse.balancer.TestPools.FakeClock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class EwmaBalancerTest {

    private static final long MS = 1_000_000L;

    private final SplittableRandom random = new SplittableRandom(3);
    private final FakeClock clock = new FakeClock();

    @Test
    void aBackendTurningSlowLosesItsTrafficWithinSecondsAndWinsItBackAfterRecovering() {
        PoolSnapshot pool = pool("A", "B", "C");
        EwmaBalancer balancer = new EwmaBalancer(pool, Duration.ofSeconds(10), () -> random, clock);
        Map<String, Long> latencyMs = new HashMap<>(Map.of("A", 10L, "B", 10L, "C", 10L));

        Map<String, Integer> healthy = run(balancer, latencyMs, Duration.ofSeconds(10));
        assertThat(share(healthy, "A")).isCloseTo(33.3, within(5.0));

        latencyMs.put("A", 500L);
        Map<String, Integer> firstTwoSeconds = run(balancer, latencyMs, Duration.ofSeconds(2));
        Map<String, Integer> slow = run(balancer, latencyMs, Duration.ofSeconds(60));
        assertThat(firstTwoSeconds.getOrDefault("A", 0)).isLessThanOrEqualTo(3);
        assertThat(share(slow, "A")).isLessThan(1.0);

        latencyMs.put("A", 10L);
        run(balancer, latencyMs, Duration.ofSeconds(60));
        Map<String, Integer> recovered = run(balancer, latencyMs, Duration.ofSeconds(30));
        assertThat(share(recovered, "A")).isGreaterThan(25.0);
    }

    @Test
    void theFasterBackendTakesMoreOfTheTraffic() {
        PoolSnapshot pool = pool("fast", "slow");
        EwmaBalancer balancer = new EwmaBalancer(pool, Duration.ofSeconds(10), () -> random, clock);

        Map<String, Integer> counts = run(balancer, Map.of("fast", 5L, "slow", 50L), Duration.ofSeconds(30));

        assertThat(share(counts, "fast")).isGreaterThan(90.0);
    }

    @Test
    void anEndpointWithoutLatencyButWithRequestsInFlightIsNotFlooded() {
        PoolSnapshot pool = pool("old", "new");
        EwmaBalancer balancer = new EwmaBalancer(pool, Duration.ofSeconds(10), () -> random, clock);
        pool.get(0).state().recordLatency(200 * MS, clock.getAsLong());
        pool.get(1).state().requestStarted(); // its first request has not answered yet

        for (int i = 0; i < 20; i++) {
            assertThat(balancer.pick(request()).name()).isEqualTo("old");
        }
    }

    @Test
    void theDecayIsSetOnEveryEndpointOfThePool() {
        PoolSnapshot pool = pool("A", "B");

        new EwmaBalancer(pool, Duration.ofSeconds(3), () -> random, clock);

        assertThat(pool.endpoints()).allSatisfy(e -> assertThat(e.state().latencyDecayNanos()).isEqualTo(3_000 * MS));
    }

    @Test
    void aSlowerResponseReplacesTheEstimateAtOnce() {
        EndpointState state = new EndpointState();
        long now = clock.getAsLong();

        state.recordLatency(10 * MS, now);
        state.recordLatency(300 * MS, now + MS);

        assertThat(state.latencyEwmaNanos(now + MS)).isEqualTo(300.0 * MS);
    }

    @Test
    void aFasterResponsePullsTheEstimateDownByTheTimeSinceTheLastOne() {
        EndpointState state = new EndpointState();
        state.setLatencyDecay(Duration.ofSeconds(10));
        long now = clock.getAsLong();
        state.recordLatency(100 * MS, now);

        state.recordLatency(20 * MS, now + 10_000 * MS); // one decay time later: decayed to 100/e, then mixed

        double decayed = 100 * MS / Math.E;
        double expected = decayed / Math.E + 20 * MS * (1 - 1 / Math.E);
        assertThat(state.latencyEwmaNanos(now + 10_000 * MS)).isCloseTo(expected, within(1.0));
    }

    @Test
    void aResponseSlowerThanTheDecayedEstimateReplacesIt() {
        EndpointState state = new EndpointState();
        state.setLatencyDecay(Duration.ofSeconds(1));
        long now = clock.getAsLong();
        state.recordLatency(500 * MS, now);

        state.recordLatency(10 * MS, now + 10_000 * MS); // 500 ms decayed over 10 decay times is ~0.02 ms

        assertThat(state.latencyEwmaNanos(now + 10_000 * MS)).isEqualTo(10.0 * MS);
    }

    @Test
    void withoutResponsesTheEstimateDecaysTowardsZero() {
        EndpointState state = new EndpointState();
        state.setLatencyDecay(Duration.ofSeconds(5));
        long now = clock.getAsLong();
        assertThat(state.hasLatency()).isFalse();
        assertThat(state.latencyEwmaNanos(now)).isZero();

        state.recordLatency(400 * MS, now);

        assertThat(state.hasLatency()).isTrue();
        assertThat(state.latencyEwmaNanos(now + 5_000 * MS)).isCloseTo(400 * MS / Math.E, within(1.0));
        assertThat(state.latencyEwmaNanos(now + 60_000 * MS)).isLessThan(0.01 * MS);
    }

    @Test
    void argumentsAreChecked() {
        EndpointState state = new EndpointState();

        assertThatThrownBy(() -> state.recordLatency(-1, 0)).hasMessage("nanos: -1 (expected: >= 0)");
        assertThatThrownBy(() -> state.setLatencyDecay(Duration.ZERO)).hasMessage("decay: PT0S (expected: > 0)");
    }

    /**
     * One request every 10 ms for {@code duration}, each answered at once with its backend's
     * latency (requests do not overlap, so only latency tells the backends apart).
     */
    private Map<String, Integer> run(EwmaBalancer balancer, Map<String, Long> latencyMs, Duration duration) {
        Map<String, Integer> counts = new TreeMap<>();
        for (long t = 0; t < duration.toMillis(); t += 10) {
            Endpoint e = balancer.pick(request());
            e.state().requestStarted();
            e.state().recordLatency(latencyMs.get(e.name()) * MS, clock.getAsLong());
            e.state().requestFinished(false);
            counts.merge(e.name(), 1, Integer::sum);
            clock.advance(Duration.ofMillis(10));
        }
        return counts;
    }

    private static double share(Map<String, Integer> counts, String name) {
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        return 100.0 * counts.getOrDefault(name, 0) / total;
    }
}
