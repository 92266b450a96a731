package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testing.GatewayFixture;
import dev.gatehouse.testing.RawHttpClient;
import dev.gatehouse.testing.RecordingBackend;
import dev.gatehouse.testing.RecordingBackend.RecordedRequest;
import dev.gatehouse.testing.RecordingBackend.Responder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Client → gateway strips the headers that describe one connection (and those a Connection
 * header names) both ways → backend never sees the client's, client never sees the backend's.
 */
class HopByHopIntegrationTest {

    private RecordingBackend backend;
    private GatewayFixture gateway;

    @BeforeEach
    void start() throws Exception {
        backend = RecordingBackend.start();
        gateway = GatewayFixture.builder().pool("web", p -> p.backend("R", backend.port())).start();
    }

    @AfterEach
    void stop() throws Exception {
        gateway.close();
        backend.close();
    }

    @Test
    void clientSendsHopByHopHeaders_gatewayStripsThemAndTheOnesConnectionNames_backendSeesOnlyEndToEndHeaders()
            throws Exception {
        RawHttpClient.Response response = gateway.exchange("GET /hop HTTP/1.1\r\nHost: test\r\n"
                + "Connection: close, X-Secret\r\n"
                + "X-Secret: 1\r\n"
                + "Keep-Alive: timeout=5\r\n"
                + "Proxy-Connection: keep-alive\r\n"
                + "TE: trailers\r\n"
                + "Upgrade: websocket\r\n"
                + "Proxy-Authorization: Basic Zm9vOmJhcg==\r\n"
                + "X-Kept: yes\r\n\r\n");

        assertThat(response.status()).isEqualTo(200);
        RecordedRequest seen = backend.requests().get(0);
        assertThat(seen.headerNames()).doesNotContain(
                "connection", "x-secret", "keep-alive", "proxy-connection", "te", "upgrade", "proxy-authorization");
        assertThat(seen.header("x-kept")).isEqualTo("yes");
    }

    @Test
    void clientNamesHeadersInSeveralConnectionHeaders_gatewayStripsEveryNamedOne_backendSeesNoneOfThem() throws Exception {
        RawHttpClient.Response response = gateway.exchange("GET /hop HTTP/1.1\r\nHost: test\r\n"
                + "Connection: X-One\r\n"
                + "Connection: x-two , X-Three\r\n"
                + "X-One: 1\r\nX-Two: 2\r\nX-Three: 3\r\nX-Four: 4\r\n\r\n");

        assertThat(response.status()).isEqualTo(200);
        RecordedRequest seen = backend.requests().get(0);
        assertThat(seen.headerNames()).doesNotContain("connection", "x-one", "x-two", "x-three").contains("x-four");
    }

    @Test
    void backendAnswersWithHopByHopHeaders_gatewayStripsThem_clientSeesOnlyEndToEndHeaders() throws Exception {
        backend.respondWith(Responder.fixed("HTTP/1.1 200 OK\r\n"
                + "Connection: keep-alive, X-Internal\r\n"
                + "X-Internal: 1\r\n"
                + "Keep-Alive: timeout=5\r\n"
                + "Proxy-Authenticate: Basic\r\n"
                + "Upgrade: h2c\r\n"
                + "X-Public: yes\r\n"
                + "Content-Length: 2\r\n\r\nok"));

        try (RawHttpClient client = gateway.connect()) {
            RawHttpClient.Response response = client.exchange(RawHttpClient.get("/hop"));

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.text()).isEqualTo("ok");
            assertThat(response.head().headerNames()).doesNotContain(
                    "connection", "x-internal", "keep-alive", "proxy-authenticate", "upgrade");
            assertThat(response.header("x-public")).isEqualTo("yes");
            // The backend's keep-alive said nothing about the client's connection, which stays open.
            assertThat(client.exchange(RawHttpClient.get("/again")).status()).isEqualTo(200);
        }
    }

    @Test
    void backendAnswersChunked_gatewayReframesTheBody_clientGetsTheSameBytesChunked() throws Exception {
        backend.respondWith(Responder.fixed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"));

        RawHttpClient.Response response = gateway.exchange(RawHttpClient.get("/chunked"));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.head().isChunked()).isTrue();
        assertThat(response.text()).isEqualTo("hello world");
    }
}
