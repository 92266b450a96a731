package dev.gatehouse.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.config.MatchConfig;
import dev.gatehouse.config.RouteConfig;
import java.util.List;
import org.junit.jupiter.api.Test;

class RouterTest {

    @Test
    void exactHostBeatsWildcardBeatsAnyHost() {
        Router<Route> router = Router.compile(List.of(
                route("any", null, "/"),
                route("wild", "*.example.com", "/"),
                route("exact", "api.example.com", "/")));

        assertThat(name(router, "api.example.com", "/x")).isEqualTo("exact");
        assertThat(name(router, "www.example.com", "/x")).isEqualTo("wild");
        assertThat(name(router, "other.org", "/x")).isEqualTo("any");
    }

    @Test
    void theHostGroupIsChosenBeforeThePrefixLength() {
        Router<Route> router = Router.compile(List.of(
                route("any-long", null, "/api/v1/users/"),
                route("wild-longer", "*.example.com", "/api/v1/"),
                route("exact-short", "api.example.com", "/")));

        assertThat(name(router, "api.example.com", "/api/v1/users/7")).isEqualTo("exact-short");
        assertThat(name(router, "www.example.com", "/api/v1/users/7")).isEqualTo("wild-longer");
    }

    @Test
    void longestPrefixWinsWhateverTheFileOrder() {
        Router<Route> router = Router.compile(List.of(
                route("root", null, "/"),
                route("api", null, "/api/"),
                route("api-v2", null, "/api/v2/"),
                route("api-v", null, "/api/v")));

        assertThat(name(router, null, "/api/v2/orders")).isEqualTo("api-v2");
        assertThat(name(router, null, "/api/v3/orders")).isEqualTo("api-v");
        assertThat(name(router, null, "/api/x")).isEqualTo("api");
        assertThat(name(router, null, "/index.html")).isEqualTo("root");
    }

    @Test
    void fileOrderBreaksTiesBetweenEqualPrefixes() {
        Router<Route> router = Router.compile(List.of(
                route("first", "api.example.com", "/api/"),
                route("second", "api.example.com", "/api/"),
                route("any-first", null, "/static/"),
                route("any-second", null, "/static/")));

        assertThat(name(router, "api.example.com", "/api/x")).isEqualTo("first");
        assertThat(name(router, null, "/static/x")).isEqualTo("any-first");
    }

    @Test
    void wildcardMatchesAnyDepthOfSubdomainButNotTheBareDomain() {
        Router<Route> router = Router.compile(List.of(route("wild", "*.example.com", "/")));

        assertThat(name(router, "a.example.com", "/")).isEqualTo("wild");
        assertThat(name(router, "a.b.example.com", "/")).isEqualTo("wild");
        assertThat(router.route("example.com", "/")).isNull();
        assertThat(router.route("badexample.com", "/")).isNull();
        assertThat(router.route("a.example.com.evil.org", "/")).isNull();
        assertThat(router.route(null, "/")).isNull();
    }

    @Test
    void theLongestWildcardSuffixIsTriedFirst() {
        Router<Route> router = Router.compile(List.of(
                route("outer", "*.example.com", "/"),
                route("inner", "*.eu.example.com", "/")));

        assertThat(name(router, "shop.eu.example.com", "/")).isEqualTo("inner");
        assertThat(name(router, "shop.us.example.com", "/")).isEqualTo("outer");
        // "eu.example.com" itself is not under "*.eu.example.com", but it is under "*.example.com".
        assertThat(name(router, "eu.example.com", "/")).isEqualTo("outer");
    }

    @Test
    void fallsBackToTheNextGroupWhenTheExactHostHasNoMatchingPrefix() {
        Router<Route> router = Router.compile(List.of(
                route("exact-api", "api.example.com", "/api/"),
                route("wild-admin", "*.example.com", "/admin/"),
                route("any-root", null, "/")));

        assertThat(name(router, "api.example.com", "/api/x")).isEqualTo("exact-api");
        assertThat(name(router, "api.example.com", "/admin/x")).isEqualTo("wild-admin");
        assertThat(name(router, "api.example.com", "/index.html")).isEqualTo("any-root");
    }

    @Test
    void noMatchIsNull() {
        Router<Route> router = Router.compile(List.of(
                route("exact-api", "api.example.com", "/api/"),
                route("any-static", null, "/static/")));

        assertThat(router.route("api.example.com", "/other")).isNull();
        assertThat(router.route("www.example.com", "/api/x")).isNull();
        assertThat(router.route(null, "/")).isNull();
    }

    @Test
    void anEmptyTableMatchesNothing() {
        Router<Route> router = Router.compile(List.of());

        assertThat(router.route("a.example.com", "/")).isNull();
        assertThat(router.route(null, "/")).isNull();
    }

    @Test
    void aRequestWithoutHostOnlySeesAnyHostRoutes() {
        Router<Route> router = Router.compile(List.of(
                route("exact", "api.example.com", "/"),
                route("star", "*", "/")));

        assertThat(name(router, null, "/x")).isEqualTo("star");
    }

    @Test
    void configHostsAreLowerCasedButTheRequestHostIsTheCallersJob() {
        Router<Route> router = Router.compile(List.of(
                route("exact", "API.Example.com", "/"),
                route("wild", "*.Example.COM", "/")));

        assertThat(name(router, "api.example.com", "/")).isEqualTo("exact");
        assertThat(name(router, "www.example.com", "/")).isEqualTo("wild");
        // The router compares as given: callers pass RequestTarget.hostWithoutPort(..), which lower-cases.
        assertThat(router.route("API.EXAMPLE.COM", "/")).isNull();
        assertThat(router.route("WWW.EXAMPLE.COM", "/")).isNull();
        // "API.example.com" misses the exact route and only matches the wildcard by its lower-case tail.
        assertThat(name(router, "API.example.com", "/")).isEqualTo("wild");
    }

    @Test
    void prefixesAreMatchedLiterallyNotBySegment() {
        Router<Route> router = Router.compile(List.of(route("api", null, "/api")));

        assertThat(name(router, null, "/api")).isEqualTo("api");
        assertThat(name(router, null, "/apiary")).isEqualTo("api");
        assertThat(router.route(null, "/API")).isNull();
    }

    @Test
    void compiledRoutesCarryTheirConfig() {
        Router<Route> router = Router.compile(List.of(
                new RouteConfig(null, new MatchConfig("Api.Example.com", "/a/"), "api"),
                new RouteConfig("named", new MatchConfig(null, "/"), "web")));

        assertThat(router.route("api.example.com", "/a/x"))
                .isEqualTo(new Route("route-1", "api.example.com", "/a/", "api", 0));
        assertThat(router.route(null, "/x")).isEqualTo(new Route("named", null, "/", "web", 1));
    }

    private static String name(Router<Route> router, String host, String path) {
        Route route = router.route(host, path);
        assertThat(route).as("route for %s %s", host, path).isNotNull();
        return route.name();
    }

    private static RouteConfig route(String name, String host, String prefix) {
        return new RouteConfig(name, new MatchConfig(host, prefix), "pool-" + name);
    }
}
