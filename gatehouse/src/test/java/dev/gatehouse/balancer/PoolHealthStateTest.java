package dev.gatehouse.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PoolHealthStateTest {

    @Test
    void panicEngagesWhenFewerThanTheThresholdAreHealthyAndEndsWhenEnoughRecover() {
        PoolSnapshot pool = pool(4);
        PoolHealthState health = pool.health();

        pool.get(0).state().setActiveHealthy(false);
        pool.get(1).state().setEjected(true);
        assertThat(health.isPanic()).as("2 of 4 healthy is not below 50%").isFalse();
        pool.get(2).state().setActiveHealthy(false);

        assertThat(health.isPanic()).isTrue();
        assertThat(health.healthyEndpoints()).isEqualTo(1);
        assertThat(health.endpointsInService()).isEqualTo(4);
        pool.get(1).state().setEjected(false);
        assertThat(health.isPanic()).isFalse();
    }

    @Test
    void inPanicEveryEndpointInServiceIsEligibleButNeverADrainedOrTriedOne() {
        PoolSnapshot pool = pool(4);
        pool.endpoints().forEach(e -> e.state().setActiveHealthy(false));
        pool.get(1).state().setDraining(true);
        pool.get(2).state().setReady(false);
        PickContext request = new PickContext(null, null);
        request.markTried(pool.get(3));

        assertThat(pool.health().isPanic()).isTrue();
        assertThat(request.isEligible(pool.get(0))).isTrue();
        assertThat(request.isEligible(pool.get(1))).isFalse();
        assertThat(request.isEligible(pool.get(2))).isFalse();
        assertThat(request.isEligible(pool.get(3))).isFalse();
        assertThat(pool.get(0).isReady()).as("still unhealthy, only used because of panic").isFalse();
    }

    @Test
    void endpointsAnOperatorTookOutDoNotCountTowardsThePanicShare() {
        PoolSnapshot pool = pool(4);
        pool.get(0).state().setDraining(true);
        pool.get(1).state().setReady(false);
        pool.get(2).state().setActiveHealthy(false);

        assertThat(pool.health().endpointsInService()).isEqualTo(2);
        assertThat(pool.health().isPanic()).as("1 of 2 in service is healthy").isFalse();
        pool.get(3).state().setEjected(true);
        assertThat(pool.health().isPanic()).isTrue();
    }

    @Test
    void aThresholdOfZeroNeverPanics() {
        PoolSnapshot pool = pool(2);
        pool.health().configure(0, 0, Duration.ZERO);
        pool.endpoints().forEach(e -> e.state().setActiveHealthy(false));

        assertThat(pool.health().isPanic()).isFalse();
        assertThat(new PickContext(null, null).isEligible(pool.get(0))).isFalse();
    }

    @Test
    void reconfiguringTheThresholdRecomputesTheFlag() {
        PoolSnapshot pool = pool(4);
        pool.get(0).state().setActiveHealthy(false);
        pool.get(1).state().setActiveHealthy(false);

        pool.health().configure(75, 0, Duration.ZERO);

        assertThat(pool.health().isPanic()).isTrue();
    }

    @Test
    void anEndpointAtItsRequestLimitIsNotEligible() {
        PoolSnapshot pool = pool(2);
        pool.health().configure(50, 2, Duration.ZERO);
        Endpoint e = pool.get(0);
        PickContext request = new PickContext(null, null);

        e.state().requestStarted();
        assertThat(request.isEligible(e)).isTrue();
        e.state().requestStarted();
        assertThat(request.isEligible(e)).isFalse();
        assertThat(e.isReady()).as("at its limit, not unhealthy").isTrue();
        e.state().requestFinished(false);
        assertThat(request.isEligible(e)).isTrue();
    }

    @Test
    void ejectionStopsAtTheShareButAlwaysAllowsOne() {
        PoolSnapshot pool = pool(3);

        assertThat(pool.health().ejectWithin(pool.get(0).state(), 10)).isTrue();
        assertThat(pool.health().ejectWithin(pool.get(1).state(), 10)).isFalse();
        assertThat(pool.health().ejectWithin(pool.get(0).state(), 100)).as("already ejected").isFalse();
        assertThat(pool.health().ejectWithin(pool.get(1).state(), 100)).isTrue();
        assertThat(pool.health().ejectedEndpoints()).isEqualTo(2);
        assertThat(pool.health().ejectionsTotal()).isEqualTo(2);
    }

    @Test
    void settingsAreChecked() {
        PoolHealthState health = new PoolHealthState("web");

        assertThatThrownBy(() -> health.configure(101, 0, Duration.ZERO))
                .hasMessage("panicThresholdPercent: 101 (expected: 0..100)");
        assertThatThrownBy(() -> health.configure(50, -1, Duration.ZERO))
                .hasMessage("maxRequestsPerEndpoint: -1 (expected: >= 0)");
        assertThatThrownBy(() -> new PoolSnapshot("web", List.of(new Endpoint("A",
                new InetSocketAddress("10.0.0.1", 80), 1, 0, new EndpointState())), health))
                .hasMessageStartingWith("endpoints.A.state.pool: ");
    }

    /** A pool of {@code size} endpoints sharing one health state with the default 50% threshold. */
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
