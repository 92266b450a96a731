package dev.gatehouse.config.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @Test
    void parsesEachUnit() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(Durations.parse("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Durations.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(Durations.parse("0s")).isZero();
        assertThat(Durations.parse(" 2 s ")).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void bareNumberIsRefusedWithWhatToWrite() {
        assertThatThrownBy(() -> Durations.parse("5"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("\"5\" is not a duration (expected: e.g. \"5s\", \"500ms\")");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "s", "5sec", "1.5s", "-1s", "5S", "1d", "ten seconds"})
    void otherMalformedTextIsRefused(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("\"" + text + "\" is not a duration (expected: e.g. \"5s\", \"500ms\")");
    }

    @Test
    void nullIsRefusedLikeAnyBadText() {
        assertThatThrownBy(() -> Durations.parse(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("\"null\" is not a duration (expected: e.g. \"5s\", \"500ms\")");
    }

    @Test
    void overflowIsRefused() {
        assertThatThrownBy(() -> Durations.parse("99999999999999999999h"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("\"99999999999999999999h\" is too large");
        assertThatThrownBy(() -> Durations.parse("9999999999999999h"))
                .hasMessageStartingWith("\"9999999999999999h\" is too large");
    }

    @Test
    void formatUsesTheLargestExactUnitAndParsesBack() {
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(Durations.format(Duration.ofMinutes(2))).isEqualTo("2m");
        assertThat(Durations.format(Duration.ofHours(3))).isEqualTo("3h");
        assertThat(Durations.format(Duration.ZERO)).isEqualTo("0ms");
        for (Duration d : new Duration[] {Duration.ofMillis(1), Duration.ofSeconds(61), Duration.ofMinutes(61)}) {
            assertThat(Durations.parse(Durations.format(d))).isEqualTo(d);
        }
    }
}
