package dev.gatehouse.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestTargetTest {

    @Test
    void originFormWithoutQuery() {
        assertThat(RequestTarget.parse("/api/users")).isEqualTo(new RequestTarget(null, "/api/users", "/api/users"));
        assertThat(RequestTarget.parse("/")).isEqualTo(new RequestTarget(null, "/", "/"));
    }

    @Test
    void originFormWithQueryRoutesOnThePathAndForwardsTheQuery() {
        assertThat(RequestTarget.parse("/api/users?page=2&q=a/b"))
                .isEqualTo(new RequestTarget(null, "/api/users?page=2&q=a/b", "/api/users"));
        assertThat(RequestTarget.parse("/?")).isEqualTo(new RequestTarget(null, "/?", "/"));
    }

    @Test
    void absoluteFormGivesAuthorityOriginFormAndPath() {
        assertThat(RequestTarget.parse("http://Host:8080/p?q"))
                .isEqualTo(new RequestTarget("Host:8080", "/p?q", "/p", 80));
    }

    @Test
    void absoluteFormWithoutPathForwardsSlash() {
        assertThat(RequestTarget.parse("http://host")).isEqualTo(new RequestTarget("host", "/", "/", 80));
    }

    @Test
    void absoluteFormWithOnlyAQueryGetsASlashBeforeIt() {
        assertThat(RequestTarget.parse("http://host?x=1")).isEqualTo(new RequestTarget("host", "/?x=1", "/", 80));
    }

    @Test
    void httpsAndUpperCaseSchemesAreAbsoluteForm() {
        assertThat(RequestTarget.parse("https://h.example.com/a"))
                .isEqualTo(new RequestTarget("h.example.com", "/a", "/a", 443));
        assertThat(RequestTarget.parse("HTTP://h/a")).isEqualTo(new RequestTarget("h", "/a", "/a", 80));
    }

    @Test
    void absoluteFormWithIpv6Authority() {
        assertThat(RequestTarget.parse("http://[::1]:8080/a"))
                .isEqualTo(new RequestTarget("[::1]:8080", "/a", "/a", 80));
    }

    @Test
    void asteriskFormIsKept() {
        assertThat(RequestTarget.parse("*")).isEqualTo(new RequestTarget(null, "*", "*"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "host:443",          // authority-form (CONNECT) is not proxied
        "",
        "ftp://x/",
        "http://u@h/",       // userinfo: a spoofing vector
        "http://user:pw@h/",
        "http:///path",      // no authority
        "http://",
        "://host/",
        "relative/path",
        "**",
    })
    void refusesWhatIsNeitherOriginNorAbsoluteForm(String uri) {
        assertThat(RequestTarget.parse(uri)).isNull();
    }

    @Test
    void hostWithoutPortDropsThePortAndLowerCases() {
        assertThat(RequestTarget.hostWithoutPort("Example.COM:80")).isEqualTo("example.com");
        assertThat(RequestTarget.hostWithoutPort("example.com:8080")).isEqualTo("example.com");
        assertThat(RequestTarget.hostWithoutPort("API.example.com")).isEqualTo("api.example.com");
    }

    @Test
    void hostWithoutPortKeepsIpv6Brackets() {
        assertThat(RequestTarget.hostWithoutPort("[::1]:8080")).isEqualTo("[::1]");
        assertThat(RequestTarget.hostWithoutPort("[::1]")).isEqualTo("[::1]");
        assertThat(RequestTarget.hostWithoutPort("[2001:DB8::1]:443")).isEqualTo("[2001:db8::1]");
    }

    @Test
    void hostWithoutPortReturnsALowerCaseHostAsItIs() {
        String host = "host";
        assertThat(RequestTarget.hostWithoutPort(host)).isSameAs(host);
        assertThat(RequestTarget.hostWithoutPort("10.0.0.1:80")).isEqualTo("10.0.0.1");
    }

    @Test
    void hostWithoutPortOfNothingIsNull() {
        assertThat(RequestTarget.hostWithoutPort(null)).isNull();
        assertThat(RequestTarget.hostWithoutPort("")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "http://a.example/x     a.example",
        "http://a.example/x     A.EXAMPLE:80",
        "http://a.example:80/x  a.example",
        "http://a.example:/x    a.example:80",
        "https://a.example/x    a.example:443",
        "http://[::1]:8080/x    [::1]:8080",
        "http://[::1]/x         [::1]:80",
    })
    void absoluteFormMatchesTheSameHostWithTheSchemesDefaultPort(String pair) {
        String[] parts = pair.trim().split("\\s+");

        assertThat(RequestTarget.parse(parts[0]).authorityMatches(parts[1])).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "http://a.example/x     b.example",
        "http://a.example/x     a.example:8080",
        "http://a.example:81/x  a.example",
        "https://a.example/x    a.example:80",
        "http://a.example/x     a.example.evil",
        "http://a.example:x/x   a.example:x",
        "http://[::1]/x         [::2]",
        "/x                     a.example",
    })
    void absoluteFormDoesNotMatchAnotherHostOrPort(String pair) {
        String[] parts = pair.trim().split("\\s+");

        assertThat(RequestTarget.parse(parts[0]).authorityMatches(parts[1])).isFalse();
    }
}
