package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.demo.DemoBackend;
import dev.gatehouse.testing.GatewayFixture;
import dev.gatehouse.testing.RawHttpClient;
import dev.gatehouse.testing.RecordingBackend;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Client → gateway routes by host (exact, then {@code *.suffix}, then any) and longest path prefix → one pool's backend answers. */
class RoutingIntegrationTest {

    private static List<DemoBackend> backends;
    private static RecordingBackend unreachedByUnroutable;
    private static GatewayFixture gateway;

    @BeforeAll
    static void start() throws Exception {
        backends = Stream.of("api", "api-v2", "wild", "deep-wild", "static")
                .map(RoutingIntegrationTest::backend).toList();
        unreachedByUnroutable = RecordingBackend.start();
        gateway = GatewayFixture.builder()
                .pool("api", p -> p.backend("api", port("api")))
                .pool("api-v2", p -> p.backend("api-v2", port("api-v2")))
                .pool("wild", p -> p.backend("wild", port("wild")))
                .pool("deep-wild", p -> p.backend("deep-wild", port("deep-wild")))
                .pool("static", p -> p.backend("static", port("static")))
                .pool("recorded", p -> p.backend("recorded", unreachedByUnroutable.port()))
                .route("api.example.com", "/api/", "api")
                .route("api.example.com", "/api/v2/", "api-v2")
                .route("*.example.com", "/", "wild")
                .route("*.deep.example.com", "/", "deep-wild")
                .route(null, "/static/", "static")
                .route("recorded.test", "/", "recorded")
                .start();
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        backends.forEach(DemoBackend::close);
        unreachedByUnroutable.close();
    }

    @ParameterizedTest(name = "Host: {0}, path {1} → backend {2}")
    @CsvSource({
        "api.example.com,        /api/users,          api",
        "api.example.com,        /api/v2/users,       api-v2",
        "api.example.com,        /api/v2,             api",
        "API.Example.COM:8443,   /api/users?x=1,      api",
        "api.example.com,        /other,              wild",
        "shop.example.com,       /anything,           wild",
        "a.b.example.com,        /x,                  wild",
        "x.deep.example.com,     /x,                  deep-wild",
        "elsewhere.org,          /static/app.js,      static",
        "api.example.com,        /static/app.js,      wild",
    })
    void clientSendsHostAndPath_gatewayPicksExactThenWildcardHostThenLongestPrefix_clientSeesThatPoolsBackend(
            String host, String path, String expectedBackend) throws Exception {
        RawHttpClient.Response response = gateway.exchange(RawHttpClient.get(path, host));

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.header("x-backend")).isEqualTo(expectedBackend);
    }

    @ParameterizedTest(name = "GET {0} with Host: {1} → backend {2}")
    @CsvSource({
        "http://api.example.com/api/users,       api.example.com,      api",
        "http://API.example.com/api/users,       api.EXAMPLE.com:80,   api",
        "http://api.example.com:80/api/users,    api.example.com,      api",
        "https://api.example.com/api/users,      api.example.com:443,  api",
        "http://shop.example.com:8080/x,         SHOP.example.com:8080, wild",
    })
    void clientSendsAnAbsoluteFormTargetWithTheSameHost_gatewayRoutesByIt_clientSeesThatPoolsBackend(
            String target, String host, String expectedBackend) throws Exception {
        RawHttpClient.Response response = gateway.exchange(
                "GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n");

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.header("x-backend")).isEqualTo(expectedBackend);
    }

    @ParameterizedTest(name = "GET {0} with Host: {1} → 400")
    @CsvSource({
        "http://recorded.test/,          elsewhere.org",
        "http://recorded.test/,          recorded.test:8080",
        "http://recorded.test:8080/,     recorded.test",
        "https://recorded.test/,         recorded.test:80",
        "http://recorded.test/,          recorded.test.evil.org",
    })
    void clientSendsAnAbsoluteFormTargetWithAnotherHost_gatewayAnswers400AndCloses_noBackendIsAsked(
            String target, String host) throws Exception {
        try (RawHttpClient client = gateway.connect()) {
            RawHttpClient.Response response = client.exchange(
                    "GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n");

            assertThat(response.status()).isEqualTo(400);
            assertThat(client.closedByServer()).isTrue();
        }
        assertThat(unreachedByUnroutable.connections()).isZero();
        // The gateway goes on serving.
        assertThat(gateway.exchange(RawHttpClient.get("/api/users", "api.example.com")).status()).isEqualTo(200);
    }

    @ParameterizedTest(name = "Host: {0}, path {1} → 404")
    @CsvSource({
        "example.com,            /x",
        "elsewhere.org,          /",
        "elsewhere.org,          /staticfile",
        "recorded.test.evil.org, /",
    })
    void clientAsksForAHostAndPathNoRouteMatches_gatewayAnswers404_noBackendIsAsked(String host, String path) throws Exception {
        try (RawHttpClient client = gateway.connect()) {
            RawHttpClient.Response response = client.exchange(RawHttpClient.get(path, host));

            assertThat(response.status()).isEqualTo(404);
            assertThat(response.text()).isNotBlank().hasSizeLessThan(200);
            // A 404 leaves the connection usable.
            assertThat(client.exchange(RawHttpClient.get("/static/ok", host)).status()).isEqualTo(200);
        }
        assertThat(unreachedByUnroutable.connections()).isZero();
    }

    private static DemoBackend backend(String name) {
        try {
            return DemoBackend.start(name, "127.0.0.1", 0);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int port(String name) {
        return backends.stream().filter(b -> b.name().equals(name)).findFirst().orElseThrow().port();
    }
}
