package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestIdsTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "abc-123", "Req_1.2:3", "550e8400-e29b-41d4-a716-446655440000"})
    void keepsAClientIdMadeOfSafeCharacters(String id) {
        assertThat(RequestIds.isValid(id)).isTrue();
        assertThat(RequestIds.keepOrCreate(id)).isSameAs(id);
    }

    @Test
    void keepsAnIdOfExactly128Characters() {
        String id = "x".repeat(128);
        assertThat(RequestIds.keepOrCreate(id)).isSameAs(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "line\r\nbreak", "semi;colon", "quote\"", "slash/", "caf\u00e9",
        "tab\t", "comma,", "<script>"})
    void replacesAnIdThatIsUnsafeToLogOrForward(String id) {
        assertThat(RequestIds.isValid(id)).isFalse();
        assertThat(RequestIds.keepOrCreate(id)).isNotEqualTo(id).matches("[0-9a-f]{32}");
    }

    @Test
    void replacesAnIdLongerThan128Characters() {
        String id = "x".repeat(129);
        assertThat(RequestIds.isValid(id)).isFalse();
        assertThat(RequestIds.keepOrCreate(id)).matches("[0-9a-f]{32}");
    }

    @Test
    void createsAnIdWhenTheClientSentNone() {
        assertThat(RequestIds.isValid(null)).isFalse();
        assertThat(RequestIds.keepOrCreate(null)).matches("[0-9a-f]{32}");
    }

    @Test
    void createdIdsAre32LowerCaseHexDigitsAndDiffer() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String id = RequestIds.create();
            assertThat(id).matches("[0-9a-f]{32}");
            assertThat(RequestIds.isValid(id)).isTrue();
            ids.add(id);
        }
        assertThat(ids).hasSize(1000);
    }
}
