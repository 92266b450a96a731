package dev.gatehouse.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.config.ApiKeysConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApiKeyFilterTest {

    @Test
    void findsTheKeyWhoseHashMatches_andNoneForOthers() {
        ApiKeyFilter filter = new ApiKeyFilter(new ApiKeysConfig("X-Api-Key", null, List.of(
                new ApiKeysConfig.Key("a", ApiKeyFilter.sha256Hex("alpha")),
                new ApiKeysConfig.Key("b", ApiKeyFilter.sha256Hex("beta"))), List.of()));

        assertThat(filter.find("alpha")).isEqualTo(0);
        assertThat(filter.find("beta")).isEqualTo(1);
        assertThat(filter.find("gamma")).isEqualTo(-1);
        assertThat(filter.find("")).isEqualTo(-1);
    }

    @Test
    void sha256HexIsTheHashTheConfigStores() {
        // printf %s test | sha256sum
        assertThat(ApiKeyFilter.sha256Hex("test"))
                .isEqualTo("9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
    }

    @Test
    void queryParameterIsDecoded_andAbsentIsNull() {
        assertThat(ApiKeyFilter.queryParameter("/x?a=1&api_key=k%2B1", "api_key")).isEqualTo("k+1");
        assertThat(ApiKeyFilter.queryParameter("/x?a=1", "api_key")).isNull();
        assertThat(ApiKeyFilter.queryParameter("/x", "api_key")).isNull();
    }
}
