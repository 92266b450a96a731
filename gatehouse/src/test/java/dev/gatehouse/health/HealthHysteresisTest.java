package dev.gatehouse.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.health.HealthHysteresis.Verdict;
import org.junit.jupiter.api.Test;

class HealthHysteresisTest {

    @Test
    void aHealthyEndpointGoesOutOnlyAfterTheUnhealthyThresholdInARow() {
        HealthHysteresis h = new HealthHysteresis(2, 3, Verdict.HEALTHY);

        assertThat(h.record(false)).isNull();
        assertThat(h.record(false)).isNull();
        assertThat(h.record(true)).isNull(); // the run is broken
        assertThat(h.record(false)).isNull();
        assertThat(h.record(false)).isNull();
        assertThat(h.record(false)).isEqualTo(Verdict.UNHEALTHY);
        assertThat(h.record(false)).isNull();
        assertThat(h.verdict()).isEqualTo(Verdict.UNHEALTHY);
    }

    @Test
    void anUnhealthyEndpointComesBackOnlyAfterTheHealthyThresholdInARow() {
        HealthHysteresis h = new HealthHysteresis(2, 3, Verdict.UNHEALTHY);

        assertThat(h.record(true)).isNull();
        assertThat(h.record(false)).isNull();
        assertThat(h.record(true)).isNull();
        assertThat(h.record(true)).isEqualTo(Verdict.HEALTHY);
        assertThat(h.passes()).isEqualTo(2);
    }

    @Test
    void theFirstResultOfAnEndpointNeverProbedDecidesAtOnce() {
        assertThat(new HealthHysteresis(5, 5, Verdict.UNKNOWN).record(false)).isEqualTo(Verdict.UNHEALTHY);
        assertThat(new HealthHysteresis(5, 5, Verdict.UNKNOWN).record(true)).isEqualTo(Verdict.HEALTHY);
    }

    @Test
    void thresholdsOfOneFlipOnEveryChange() {
        HealthHysteresis h = new HealthHysteresis(1, 1, Verdict.HEALTHY);

        assertThat(h.record(false)).isEqualTo(Verdict.UNHEALTHY);
        assertThat(h.record(true)).isEqualTo(Verdict.HEALTHY);
    }

    @Test
    void thresholdsBelowOneAreRefused() {
        assertThatThrownBy(() -> new HealthHysteresis(0, 1, Verdict.UNKNOWN))
                .hasMessage("healthyThreshold: 0 (expected: >= 1)");
        assertThatThrownBy(() -> new HealthHysteresis(1, 0, Verdict.UNKNOWN))
                .hasMessage("unhealthyThreshold: 0 (expected: >= 1)");
    }
}
