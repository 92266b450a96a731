package dev.gatehouse.bench;

import dev.gatehouse.config.MatchConfig;
import dev.gatehouse.config.RouteConfig;
import dev.gatehouse.routing.Route;
import dev.gatehouse.routing.Router;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of one {@link Router#route} lookup (paid per request) over a realistic table of 50
 * routes, plus the cost of {@link Router#compile} (paid per config reload).
 *
 * <p>The table has 12 exact hosts with two to three prefixes each (30 routes), 4 wildcard
 * suffixes with two prefixes each (8 routes, one suffix nested in another) and 12 any-host
 * routes with prefixes from 2 to 26 characters, none of them {@code /}, so a request can miss.
 * Each lookup benchmark exercises one path through the router: an exact-host hit, an exact host
 * whose prefixes do not match and falls through to the any-host group, a wildcard hit on the
 * deeper suffix, an unknown host answered by the any-host group, and a complete miss (404) that
 * scans every candidate group.
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RouterBenchmark {

    private static final int EXACT_HOSTS = 12;

    private List<RouteConfig> table;
    private Router<Route> router;

    // Fields, not constants, so the JIT cannot fold the inputs.
    String exactHost = "svc7.example.com";
    String exactHitPath = "/api/v2/orders/123";
    String exactFallbackPath = "/assets/app.js";
    String wildcardHost = "shop.eu.tenants.example.net";
    String wildcardPath = "/cart/checkout";
    String unknownHost = "unknown.example.org";
    String anyHostPath = "/public/images/logo.png";
    String missPath = "/nothing/here";

    @Setup
    public void setUp() {
        table = routes();
        router = Router.compile(table);
        // Fail fast if the table stops exercising what the javadoc promises.
        check(router.route(exactHost, exactHitPath), "svc7-api-v2");
        check(router.route(exactHost, exactFallbackPath), "any-assets");
        check(router.route(wildcardHost, wildcardPath), "eu-cart");
        check(router.route(unknownHost, anyHostPath), "any-public-images");
        if (router.route(unknownHost, missPath) != null) {
            throw new IllegalStateException("expected a miss for " + missPath);
        }
    }

    private static void check(Route route, String expected) {
        if (route == null || !route.name().equals(expected)) {
            throw new IllegalStateException("expected route " + expected + ", got " + route);
        }
    }

    static List<RouteConfig> routes() {
        List<RouteConfig> routes = new ArrayList<>();
        for (int i = 0; i < EXACT_HOSTS; i++) {
            String host = "svc" + i + ".example.com";
            routes.add(route("svc" + i + "-api-v2", host, "/api/v2/", "api-v2"));
            routes.add(route("svc" + i + "-api", host, "/api/", "api"));
            if (i % 2 == 0) {
                routes.add(route("svc" + i + "-admin", host, "/admin/settings/", "admin"));
            }
        }
        String[] suffixes = {"*.tenants.example.net", "*.eu.tenants.example.net",
            "*.apps.example.io", "*.preview.example.dev"};
        for (String suffix : suffixes) {
            String label = suffix.substring(2, suffix.indexOf('.', 2));
            routes.add(route(label + "-cart", suffix, "/cart/", "cart"));
            routes.add(route(label + "-app", suffix, "/app/", "web"));
        }
        String[] anyPrefixes = {"/public/images/", "/public/", "/assets/", "/static/css/",
            "/static/", "/.well-known/acme-challenge/", "/healthz", "/metrics", "/v1/", "/v2/",
            "/docs/", "/s"};
        for (String prefix : anyPrefixes) {
            String label = prefix.replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
            routes.add(route("any-" + label, null, prefix, "web"));
        }
        if (routes.size() != 50) {
            throw new IllegalStateException("expected 50 routes, built " + routes.size());
        }
        return routes;
    }

    private static RouteConfig route(String name, String host, String prefix, String pool) {
        return new RouteConfig(name, new MatchConfig(host, prefix), pool);
    }

    @Benchmark
    public Router<Route> compile() {
        return Router.compile(table);
    }

    @Benchmark
    public Route exactHostHit() {
        return router.route(exactHost, exactHitPath);
    }

    @Benchmark
    public Route exactHostFallsBackToAnyHost() {
        return router.route(exactHost, exactFallbackPath);
    }

    @Benchmark
    public Route wildcardHit() {
        return router.route(wildcardHost, wildcardPath);
    }

    @Benchmark
    public Route unknownHostAnyHostHit() {
        return router.route(unknownHost, anyHostPath);
    }

    @Benchmark
    public Route miss() {
        return router.route(unknownHost, missPath);
    }
}
