package dev.gatehouse.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class EndpointStateTest {

    private static final long SECOND = Duration.ofSeconds(1).toNanos();

    @Test
    void healthAndOperatorFlagsAreIndependent() {
        EndpointState state = new EndpointState();

        state.setActiveHealthy(false);
        state.setEjected(true);
        state.setDraining(true);
        assertThat(state.isReady()).isFalse();
        state.setActiveHealthy(true);
        state.setEjected(false);
        assertThat(state.isHealthy()).isTrue();
        assertThat(state.isReady()).as("still draining").isFalse();
        state.setDraining(false);
        assertThat(state.isReady()).isTrue();
        state.setReady(false);
        assertThat(state.isOperatorEnabled()).isFalse();
        assertThat(state.isHealthy()).isTrue();
        assertThat(state.acceptsRequest()).isFalse();
    }

    @Test
    void slowStartRampsTheWeightFactorLinearlyFromATenthToOne() {
        PoolHealthState pool = new PoolHealthState("web");
        pool.configure(50, 0, Duration.ofSeconds(30));
        EndpointState state = new EndpointState(pool);
        long start = 1_000 * SECOND;

        assertThat(state.isRamping()).isFalse();
        assertThat(state.weightFactor(start)).isEqualTo(1.0);
        state.startRamp(start);

        assertThat(state.isRamping()).isTrue();
        assertThat(state.weightFactor(start)).isEqualTo(0.1);
        assertThat(state.weightFactor(start + SECOND)).isEqualTo(0.1);
        assertThat(state.weightFactor(start + 15 * SECOND)).isCloseTo(0.5, within(1e-9));
        assertThat(state.weightFactor(start + 27 * SECOND)).isCloseTo(0.9, within(1e-9));
        assertThat(state.weightFactor(start + 30 * SECOND)).isEqualTo(1.0);
        assertThat(state.isRamping()).as("a finished ramp needs no more clock reads").isFalse();
        assertThat(state.weightFactor(start + 15 * SECOND)).isEqualTo(1.0);
    }

    @Test
    void withoutASlowStartWindowNothingRamps() {
        EndpointState state = new EndpointState(new PoolHealthState("web"));

        state.startRamp(5 * SECOND);
        state.setActiveHealthy(false);
        state.setActiveHealthy(true);

        assertThat(state.isRamping()).isFalse();
        assertThat(state.weightFactor(6 * SECOND)).isEqualTo(1.0);
    }

    @Test
    void anEndpointThatBecomesHealthyAgainStartsARamp() {
        PoolHealthState pool = new PoolHealthState("web");
        pool.configure(50, 0, Duration.ofHours(1));
        EndpointState state = new EndpointState(pool);

        state.setEjected(true);
        state.setActiveHealthy(false);
        state.setEjected(false);
        assertThat(state.isRamping()).as("still failing active checks").isFalse();
        state.setActiveHealthy(true);

        assertThat(state.isRamping()).isTrue();
        assertThat(state.weightFactor(System.nanoTime())).isLessThan(0.2);
    }
}
