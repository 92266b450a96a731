package dev.gatehouse.balancer.strategy;

import static dev.gatehouse.balancer.TestPools.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.gatehouse.balancer.Balancer;
import dev.gatehouse.balancer.Endpoint;
import dev.gatehouse.balancer.EndpointState;
import dev.gatehouse.balancer.PoolHealthState;
import dev.gatehouse.balancer.PoolSnapshot;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SlowStartTest {

    /** A window long enough that the factor does not move while a test runs. */
    private static final Duration WINDOW = Duration.ofHours(10);

    static Stream<Arguments> strategies() {
        SplittableRandom random = new SplittableRandom(11);
        return Stream.of(
                Arguments.of("round-robin", (Function<PoolSnapshot, Balancer>) p -> new RoundRobinBalancer(p, null)),
                Arguments.of("weighted", (Function<PoolSnapshot, Balancer>) p -> new WeightedRoundRobinBalancer(p, null)),
                Arguments.of("random", (Function<PoolSnapshot, Balancer>) p -> new RandomBalancer(p, () -> random)),
                Arguments.of("least-connections",
                        (Function<PoolSnapshot, Balancer>) p -> new LeastConnectionsBalancer(p, () -> random)),
                Arguments.of("power-of-two", (Function<PoolSnapshot, Balancer>) p -> new PowerOfTwoBalancer(p, () -> random)),
                Arguments.of("ewma", (Function<PoolSnapshot, Balancer>) p -> new EwmaBalancer(p, Duration.ofSeconds(10),
                        () -> random, System::nanoTime)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("strategies")
    void aRampingEndpointGetsItsWeightTimesTheFactor(String name, Function<PoolSnapshot, Balancer> strategy) {
        PoolSnapshot pool = pool(3);
        // Half-way through its window: factor 0.5, so a third of a share is 0.5 / 2.5 = 20% of picks.
        pool.get(0).state().startRamp(System.nanoTime() - WINDOW.toNanos() / 2);

        Map<String, Integer> counts = count(strategy.apply(pool), 20_000);

        assertThat(counts.get("e0") / 20_000.0).isCloseTo(0.2, within(0.03));
        assertThat(counts.get("e1") / 20_000.0).isCloseTo(0.4, within(0.03));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("strategies")
    void aRampingEndpointThatIsTheOnlyEligibleOneIsStillPicked(String name, Function<PoolSnapshot, Balancer> strategy) {
        PoolSnapshot pool = pool(3);
        pool.get(0).state().startRamp(System.nanoTime());
        pool.get(1).state().setReady(false);
        pool.get(2).state().setReady(false);

        Map<String, Integer> counts = count(strategy.apply(pool), 200);

        assertThat(counts).containsOnlyKeys("e0");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("strategies")
    void aFinishedRampChangesNothing(String name, Function<PoolSnapshot, Balancer> strategy) {
        PoolSnapshot pool = pool(2);
        pool.get(0).state().startRamp(System.nanoTime() - WINDOW.toNanos());

        Map<String, Integer> counts = count(strategy.apply(pool), 10_000);

        assertThat(counts.get("e0") / 10_000.0).isCloseTo(0.5, within(0.03));
        assertThat(pool.get(0).state().isRamping()).isFalse();
    }

    private static PoolSnapshot pool(int size) {
        PoolHealthState health = new PoolHealthState("web");
        health.configure(50, 0, WINDOW);
        List<Endpoint> endpoints = new ArrayList<>();
        List<EndpointState> states = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            EndpointState state = new EndpointState(health);
            states.add(state);
            endpoints.add(new Endpoint("e" + i, new InetSocketAddress("10.0.0." + (i + 1), 8080), 1, i, state));
        }
        health.track(states);
        return new PoolSnapshot("web", endpoints, health);
    }
}
