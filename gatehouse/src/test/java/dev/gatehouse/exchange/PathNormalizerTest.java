package dev.gatehouse.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.exchange.PathNormalizer.Mode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PathNormalizerTest {

    @ParameterizedTest
    @ValueSource(strings = {"/", "/a", "/a/b/", "/a.b/c..d/.e", "/%41%20x", "/a/..b/c.", "/api/v1?x"})
    void normalPathsAreKeptInBothModes(String path) {
        assertThat(PathNormalizer.normalize(path, Mode.NORMALIZE)).isSameAs(path);
        assertThat(PathNormalizer.normalize(path, Mode.REJECT)).isSameAs(path);
    }

    @ParameterizedTest
    @CsvSource({
            "/api/../admin, /admin",
            "/api/%2e%2E/admin, /admin",
            "//admin, /admin",
            "/a//b///c, /a/b/c",
            "/a/./b, /a/b",
            "/a/b/.., /a/",
            "/a/b/., /a/b/",
            "/a/%2e/b, /a/b",
            "/a/.%2e/b, /b",
            "/.., ",
            "/../x, ",
            "/a/../../x, ",
            "/api/..%2Fadmin, ",
            "/api/%2fadmin, ",
            "/api/%5C..%5Cadmin, ",
            "/api\\..\\admin, ",
            "/a%00b, ",
            "/a%zz, ",
            "/a%2, ",
    })
    void normalizeMode(String path, String expected) {
        assertThat(PathNormalizer.normalize(path, Mode.NORMALIZE)).isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/../admin", "/api/%2e%2E/admin", "//admin", "/a/./b", "/a/b/..", "/a/%2e/b",
            "/api/..%2Fadmin", "/a//b"})
    void rejectModeRefusesAnythingNotNormal(String path) {
        assertThat(PathNormalizer.normalize(path, Mode.REJECT)).isNull();
    }
}
