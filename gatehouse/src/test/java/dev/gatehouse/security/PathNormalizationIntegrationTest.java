package dev.gatehouse.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testing.GatewayFixture;
import dev.gatehouse.testing.RawHttpClient;
import dev.gatehouse.testing.RecordingBackend;
import dev.gatehouse.testing.RecordingBackend.Responder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Client sends a path spelled to escape a prefix route → gateway routes and forwards the
 * normalised path, or answers 400 → the admin pool sees only what really is /admin.
 */
class PathNormalizationIntegrationTest {

    private static RecordingBackend api;
    private static RecordingBackend admin;
    private static GatewayFixture gateway;

    @BeforeAll
    static void start() throws Exception {
        api = RecordingBackend.start(Responder.okThenClose());
        admin = RecordingBackend.start(Responder.okThenClose());
        gateway = GatewayFixture.builder()
                .pool("api", p -> p.backend("A", api.port()))
                .pool("admin", p -> p.backend("B", admin.port()))
                .route(null, "/api/", "api")
                .route(null, "/admin", "admin")
                .start();
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        api.close();
        admin.close();
    }

    @BeforeEach
    void forget() {
        api.reset();
        admin.reset();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/..%2Fadmin", "/api/%2fadmin", "/api/%5C..%5Cadmin", "/../admin", "/api/../../admin",
            "/api/%2e%2e/%2e%2e/admin", "/api\\..\\admin"})
    void escapesThatCannotBeNormalisedSafely_gatewayAnswers400_noBackendSeesThem(String path) throws Exception {
        try (RawHttpClient client = gateway.connect()) {
            client.send("GET " + path + " HTTP/1.1\r\nHost: test\r\n\r\n");
            assertThat(client.readResponse().status()).as(path).isEqualTo(400);
        }
        assertThat(api.requests()).isEmpty();
        assertThat(admin.requests()).isEmpty();
        assertThat(gateway.exchange(RawHttpClient.get("/api/after")).status()).isEqualTo(200);
    }

    @ParameterizedTest
    @CsvSource({
            "/api/../admin, /admin, admin",
            "/api/%2e%2E/admin, /admin, admin",
            "//admin, /admin, admin",
            "/api//v1/./x?q=/../a, /api/v1/x?q=/../a, api",
            "/api/v1/../v2, /api/v2, api",
            "/admin/../api/x, /api/x, api",
    })
    void dotSegmentsAndDoubleSlashes_areResolvedBeforeRoutingAndForwarding(String sent, String forwarded, String pool)
            throws Exception {
        RawHttpClient.Response response = gateway.exchange("GET " + sent + " HTTP/1.1\r\nHost: test\r\n\r\n");

        assertThat(response.status()).isEqualTo(200);
        RecordingBackend seen = pool.equals("admin") ? admin : api;
        RecordingBackend other = pool.equals("admin") ? api : admin;
        assertThat(seen.requests()).extracting(RecordingBackend.RecordedRequest::target).containsExactly(forwarded);
        assertThat(other.requests()).isEmpty();
    }

    @Test
    void absoluteFormIsNormalisedToo() throws Exception {
        RawHttpClient.Response ok = gateway.exchange("GET http://test/api/../admin?x HTTP/1.1\r\nHost: test\r\n\r\n");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(admin.requests()).extracting(RecordingBackend.RecordedRequest::target).containsExactly("/admin?x");
        assertThat(api.requests()).isEmpty();
    }

    @Test
    void optionsAsterisk_isAnsweredByTheGatewayWithAllow() throws Exception {
        RawHttpClient.Response response = gateway.exchange("OPTIONS * HTTP/1.1\r\nHost: test\r\n\r\n");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Allow")).contains("GET", "OPTIONS");
        assertThat(api.requests()).isEmpty();
        assertThat(admin.requests()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET * HTTP/1.1", "CONNECT test:443 HTTP/1.1", "CONNECT /api/x HTTP/1.1"})
    void asteriskForOtherMethodsAndAuthorityForm_areRefused(String line) throws Exception {
        try (RawHttpClient client = gateway.connect()) {
            client.send(line + "\r\nHost: test\r\n\r\n");
            int status = client.readResponse().status();
            assertThat(status).as(line).isIn(400, 405);
        }
        assertThat(api.requests()).isEmpty();
        assertThat(admin.requests()).isEmpty();
    }
}
