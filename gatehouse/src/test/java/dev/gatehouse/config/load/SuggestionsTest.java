package dev.gatehouse.config.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {

    private static final List<String> POOL_KEYS = List.of("strategy", "connect-timeout", "backends", "idle-timeout");

    @Test
    void suggestsAKeyWithinTwoEdits() {
        assertThat(Suggestions.closest("stratgy", POOL_KEYS)).contains("strategy");
        assertThat(Suggestions.closest("backend", POOL_KEYS)).contains("backends");
        assertThat(Suggestions.closest("conect-timout", POOL_KEYS)).contains("connect-timeout");
    }

    @Test
    void ignoresCaseAndSeparators() {
        assertThat(Suggestions.closest("connectTimeout", POOL_KEYS)).contains("connect-timeout");
        assertThat(Suggestions.closest("idle_timeout", POOL_KEYS)).contains("idle-timeout");
    }

    @Test
    void suggestsNothingForUnrelatedOrShortWords() {
        assertThat(Suggestions.closest("weight", POOL_KEYS)).isEmpty();
        assertThat(Suggestions.closest("ab", List.of("xy", "id"))).isEmpty();
    }

    @Test
    void hintFallsBackToTheListOfAllowedWords() {
        assertThat(Suggestions.hint("stratgy", POOL_KEYS)).isEqualTo("did you mean \"strategy\"?");
        assertThat(Suggestions.hint("tls", POOL_KEYS))
                .isEqualTo("expected one of: strategy, connect-timeout, backends, idle-timeout");
    }

    @Test
    void distanceCountsASwapOfNeighboursAsOneEdit() {
        assertThat(Suggestions.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(Suggestions.distance("nmae", "name")).isEqualTo(1);
        assertThat(Suggestions.closest("wbe", List.of("web", "api"))).contains("web");
        assertThat(Suggestions.distance("", "abc")).isEqualTo(3);
        assertThat(Suggestions.distance("same", "same")).isZero();
    }
}
