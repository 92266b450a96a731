package dev.gatehouse.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.balancer.Endpoint;
import dev.gatehouse.balancer.EndpointState;
import dev.gatehouse.balancer.PoolHealthState;
import dev.gatehouse.balancer.PoolSnapshot;
import dev.gatehouse.config.OutlierDetectionConfig;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutlierDetectorTest {

    private static final OutlierDetectionConfig CONFIG = new OutlierDetectionConfig(3, Duration.ofSeconds(10),
            Duration.ofSeconds(60), 50);

    private final FakeScheduler time = new FakeScheduler();

    @Test
    void consecutiveFailuresEjectAndTheBaseTimeBringsItBack() {
        PoolSnapshot pool = pool(4);
        OutlierDetector detector = detector(CONFIG, pool, null);
        Endpoint a = pool.get(0);

        fail(detector, a, 2);
        assertThat(a.state().isEjected()).isFalse();
        fail(detector, a, 1);

        assertThat(a.state().isEjected()).isTrue();
        assertThat(a.isReady()).isFalse();
        assertThat(pool.health().ejectedEndpoints()).isEqualTo(1);
        assertThat(pool.health().ejectionsTotal()).isEqualTo(1);
        time.advance(Duration.ofSeconds(9));
        assertThat(a.state().isEjected()).isTrue();
        time.advance(Duration.ofSeconds(1));
        assertThat(a.state().isEjected()).isFalse();
        assertThat(a.isReady()).isTrue();
        assertThat(pool.health().ejectedEndpoints()).isZero();
    }

    @Test
    void aSuccessResetsTheCount() {
        PoolSnapshot pool = pool(4);
        OutlierDetector detector = detector(CONFIG, pool, null);
        Endpoint a = pool.get(0);

        fail(detector, a, 2);
        detector.onSuccess(a);
        fail(detector, a, 2);

        assertThat(a.state().isEjected()).isFalse();
        fail(detector, a, 1);
        assertThat(a.state().isEjected()).isTrue();
    }

    @Test
    void eachEjectionInARowLastsTwiceAsLongUpToTheMaximum() {
        PoolSnapshot pool = pool(4);
        OutlierDetector detector = detector(CONFIG, pool, null);
        Endpoint a = pool.get(0);

        List<Long> lengths = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            fail(detector, a, 3);
            assertThat(a.state().isEjected()).isTrue();
            lengths.add(secondsUntilBack(a));
        }

        assertThat(lengths).containsExactly(10L, 20L, 40L, 60L, 60L);
        assertThat(detector.ejections(a)).isEqualTo(5);
    }

    @Test
    void anEndpointInRotationForTheMaximumTimeStartsAgainFromTheBaseTime() {
        PoolSnapshot pool = pool(4);
        OutlierDetector detector = detector(CONFIG, pool, null);
        Endpoint a = pool.get(0);
        fail(detector, a, 3);
        secondsUntilBack(a);
        fail(detector, a, 3);
        assertThat(secondsUntilBack(a)).isEqualTo(20);

        time.advance(Duration.ofSeconds(60));
        fail(detector, a, 3);

        assertThat(secondsUntilBack(a)).isEqualTo(10);
    }

    @Test
    void neverEjectsMoreThanTheMaximumShareOfThePool() {
        PoolSnapshot pool = pool(4);
        OutlierDetector detector = detector(CONFIG, pool, null);

        for (Endpoint e : pool.endpoints()) {
            fail(detector, e, 3);
        }

        assertThat(pool.endpoints()).filteredOn(e -> e.state().isEjected()).hasSize(2);
        assertThat(pool.health().ejectionsTotal()).isEqualTo(2);
        // Once one is back, the next failure of a refused one ejects it: its count was kept.
        time.advance(Duration.ofSeconds(10));
        assertThat(pool.endpoints()).noneMatch(e -> e.state().isEjected());
        fail(detector, pool.get(2), 1);
        assertThat(pool.get(2).state().isEjected()).isTrue();
    }

    @Test
    void oneEndpointMayAlwaysBeEjectedEvenWhenTheShareRoundsToZero() {
        PoolSnapshot pool = pool(3);
        OutlierDetector detector = detector(new OutlierDetectionConfig(1, Duration.ofSeconds(10),
                Duration.ofSeconds(60), 10), pool, null);

        pool.endpoints().forEach(e -> fail(detector, e, 1));

        assertThat(pool.endpoints()).filteredOn(e -> e.state().isEjected()).hasSize(1);
    }

    @Test
    void failuresOfRequestsInFlightDuringAnEjectionDoNotCountTowardsTheNext() {
        PoolSnapshot pool = pool(4);
        OutlierDetector detector = detector(CONFIG, pool, null);
        Endpoint a = pool.get(0);
        fail(detector, a, 3);

        fail(detector, a, 5); // answers of requests sent before the ejection
        time.advance(Duration.ofSeconds(10));
        fail(detector, a, 2);

        assertThat(a.state().isEjected()).isFalse();
    }

    @Test
    void aReloadKeepsTheHistoryOfEndpointsThatStay() {
        PoolSnapshot pool = pool(4);
        OutlierDetector detector = detector(CONFIG, pool, null);
        Endpoint a = pool.get(0);
        fail(detector, a, 3);
        secondsUntilBack(a);
        fail(detector, a, 2);

        // The same endpoint at another position, as a reload that reorders the pool hands it over.
        Endpoint moved = new Endpoint(a.name(), a.address(), 1, 1, a.state());
        Endpoint other = new Endpoint("new", new InetSocketAddress("10.0.0.99", 8080), 1, 0,
                new EndpointState(pool.health()));
        PoolSnapshot reloaded = new PoolSnapshot("web", List.of(other, moved), pool.health());
        OutlierDetector next = detector(CONFIG, reloaded, detector);
        fail(next, moved, 1);

        assertThat(moved.state().isEjected()).isTrue();
        assertThat(secondsUntilBack(moved)).isEqualTo(20);
        // A request pinned to the old snapshot reports its old endpoint object: still found.
        fail(next, a, 3);
        assertThat(a.state().isEjected()).isTrue();
    }

    @Test
    void ejectionDurationsDoNotOverflow() {
        long max = Duration.ofDays(365).toNanos();
        assertThat(OutlierDetector.ejectionNanos(1, 7, max)).isEqualTo(7);
        assertThat(OutlierDetector.ejectionNanos(3, 7, max)).isEqualTo(28);
        assertThat(OutlierDetector.ejectionNanos(64, Duration.ofSeconds(30).toNanos(), max)).isEqualTo(max);
        assertThat(OutlierDetector.ejectionNanos(Integer.MAX_VALUE, 1, max)).isEqualTo(max);
    }

    /** Lets time run until {@code e} is back, and says how long that took, in whole seconds. */
    private long secondsUntilBack(Endpoint e) {
        for (int s = 1; s <= 3600; s++) {
            time.advance(Duration.ofSeconds(1));
            if (!e.state().isEjected()) {
                return s;
            }
        }
        throw new AssertionError(e + " still ejected after an hour");
    }

    private OutlierDetector detector(OutlierDetectionConfig config, PoolSnapshot pool, OutlierDetector previous) {
        return new OutlierDetector(config, pool, previous, time, time);
    }

    private static void fail(OutlierDetector detector, Endpoint e, int times) {
        for (int i = 0; i < times; i++) {
            detector.onFailure(e);
        }
    }

    static PoolSnapshot pool(int size) {
        PoolHealthState health = new PoolHealthState("web");
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
