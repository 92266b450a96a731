package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testing.GatewayFixture;
import dev.gatehouse.testing.RawHttpClient;
import dev.gatehouse.testing.RecordingBackend;
import dev.gatehouse.testing.RecordingBackend.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Client → gateway keeps a valid X-Request-Id or makes one → backend and client see the same id. */
class RequestIdIntegrationTest {

    private static final String GENERATED = "[0-9a-f]{32}";
    private static RecordingBackend backend;
    private static GatewayFixture gateway;

    @BeforeAll
    static void start() throws Exception {
        backend = RecordingBackend.start();
        gateway = GatewayFixture.builder().pool("web", p -> p.backend("R", backend.port())).start();
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        backend.close();
    }

    @BeforeEach
    void forget() {
        backend.reset();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"abc-123", "req_1.2:3", "A1B2C3D4E5F6A7B8C9D0E1F2A3B4C5D6"})
    void clientSendsAValidRequestId_gatewayKeepsIt_backendAndClientSeeThatId(String id) throws Exception {
        RawHttpClient.Response response = gateway.exchange("GET /id HTTP/1.1\r\nHost: test\r\nX-Request-Id: " + id + "\r\n\r\n");

        assertThat(response.status()).isEqualTo(200);
        assertThat(backendSaw().headers("x-request-id")).containsExactly(id);
        assertThat(response.headers("x-request-id")).containsExactly(id);
    }

    @Test
    void clientSendsAnIdOf128Characters_gatewayKeepsIt_backendAndClientSeeThatId() throws Exception {
        String id = "a".repeat(128);
        RawHttpClient.Response response = gateway.exchange("GET /id HTTP/1.1\r\nHost: test\r\nX-Request-Id: " + id + "\r\n\r\n");

        assertThat(backendSaw().header("x-request-id")).isEqualTo(id);
        assertThat(response.header("x-request-id")).isEqualTo(id);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"has spaces in it", "quote\"s", "semi;colon", "<script>", "ünïcode"})
    void clientSendsAnInvalidRequestId_gatewayReplacesIt_backendAndClientSeeTheSameGeneratedId(String id) throws Exception {
        RawHttpClient.Response response = gateway.exchange(
                "GET /id HTTP/1.1\r\nHost: test\r\nX-Request-Id: " + id + "\r\n\r\n");

        assertThat(response.status()).isEqualTo(200);
        String seen = backendSaw().header("x-request-id");
        assertThat(seen).matches(GENERATED);
        assertThat(backendSaw().headers("x-request-id")).hasSize(1);
        assertThat(response.headers("x-request-id")).containsExactly(seen);
    }

    @Test
    void clientSendsAnIdLongerThan128Characters_gatewayReplacesIt_backendAndClientSeeTheSameGeneratedId() throws Exception {
        RawHttpClient.Response response = gateway.exchange(
                "GET /id HTTP/1.1\r\nHost: test\r\nX-Request-Id: " + "a".repeat(129) + "\r\n\r\n");

        String seen = backendSaw().header("x-request-id");
        assertThat(seen).matches(GENERATED);
        assertThat(response.header("x-request-id")).isEqualTo(seen);
    }

    @Test
    void clientSendsNoRequestId_gatewayGeneratesOne_backendAndClientSeeTheSameId() throws Exception {
        RawHttpClient.Response response = gateway.exchange(RawHttpClient.get("/id"));

        String seen = backendSaw().header("x-request-id");
        assertThat(seen).matches(GENERATED);
        assertThat(response.header("x-request-id")).isEqualTo(seen);
    }

    @Test
    void twoRequestsWithoutIds_gatewayGeneratesEach_backendSeesTwoDifferentIds() throws Exception {
        try (RawHttpClient client = gateway.connect()) {
            String first = client.exchange(RawHttpClient.get("/id/1")).header("x-request-id");
            String second = client.exchange(RawHttpClient.get("/id/2")).header("x-request-id");

            assertThat(first).matches(GENERATED);
            assertThat(second).matches(GENERATED).isNotEqualTo(first);
            assertThat(backend.requests()).extracting(r -> r.header("x-request-id")).containsExactly(first, second);
        }
    }

    @Test
    void clientSendsTwoRequestIds_gatewayForwardsExactlyOne_backendAndClientSeeTheSameSingleId() throws Exception {
        RawHttpClient.Response response = gateway.exchange(
                "GET /id HTTP/1.1\r\nHost: test\r\nX-Request-Id: first-id\r\nX-Request-Id: second-id\r\n\r\n");

        assertThat(backendSaw().headers("x-request-id")).hasSize(1);
        assertThat(response.headers("x-request-id")).containsExactly(backendSaw().header("x-request-id"));
    }

    @Test
    void backendAnswersWithItsOwnRequestId_gatewayReturnsTheOneTheBackendWasSent_clientSeesOneId() throws Exception {
        backend.respondWith(RecordingBackend.Responder.fixed(
                "HTTP/1.1 200 OK\r\nX-Request-Id: backend-made-this\r\nContent-Length: 0\r\n\r\n"));
        try {
            RawHttpClient.Response response = gateway.exchange(
                    "GET /id HTTP/1.1\r\nHost: test\r\nX-Request-Id: client-id\r\n\r\n");

            assertThat(response.headers("x-request-id")).containsExactly("client-id");
        } finally {
            backend.respondWith(RecordingBackend.Responder.ok());
        }
    }

    @Test
    void requestFailsAtTheGateway_gatewayStillTagsTheErrorWithTheRequestId() throws Exception {
        try (GatewayFixture noRoutes = GatewayFixture.builder()
                .pool("web", p -> p.backend("R", backend.port()))
                .route("only.example.com", "/", "web")
                .start()) {
            RawHttpClient.Response response = noRoutes.exchange(
                    "GET /id HTTP/1.1\r\nHost: test\r\nX-Request-Id: lost-request\r\n\r\n");

            assertThat(response.status()).isEqualTo(404);
            assertThat(response.header("x-request-id")).isEqualTo("lost-request");
        }
    }

    private static RecordedRequest backendSaw() {
        assertThat(backend.requests()).hasSize(1);
        return backend.requests().get(0);
    }
}
