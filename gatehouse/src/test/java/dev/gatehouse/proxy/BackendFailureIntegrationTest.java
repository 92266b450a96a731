package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gatehouse.testing.GatewayFixture;
import dev.gatehouse.testing.RawHttpClient;
import dev.gatehouse.testing.RecordingBackend;
import dev.gatehouse.testing.RecordingBackend.Responder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Backend breaks during an exchange → gateway tells the client the only honest way left: 502
 * before any response byte went out, a closed connection after → the client never hangs.
 */
class BackendFailureIntegrationTest {

    private static final String PARTIAL_HEAD = "HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n";

    private RecordingBackend backend;
    private GatewayFixture gateway;

    @BeforeEach
    void start() throws Exception {
        backend = RecordingBackend.start();
        // A short response timeout: a request stuck on a broken connection fails fast instead of hanging.
        gateway = GatewayFixture.builder()
                .pool("web", p -> p.backend("R", backend.port()).responseTimeout(Duration.ofSeconds(2)))
                .start();
    }

    @AfterEach
    void stop() throws Exception {
        gateway.close();
        backend.close();
    }

    @Test
    void backendResetsMidResponse_gatewayCannotFinishTheBody_clientConnectionIsClosedNotLeftHanging() throws Exception {
        backend.respondWith(Responder.resetAfter(PARTIAL_HEAD + "x".repeat(1000)));

        assertCutShort();
    }

    @Test
    void backendClosesMidResponse_gatewayCannotFinishTheBody_clientConnectionIsClosedNotLeftHanging() throws Exception {
        backend.respondWith(Responder.closeAfter(PARTIAL_HEAD + "x".repeat(1000)));

        assertCutShort();
    }

    @Test
    void backendClosesMidChunkedResponse_gatewayCannotFinishTheBody_clientSeesNoFinalChunkAndAClosedConnection()
            throws Exception {
        backend.respondWith(Responder.closeAfter("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n"));

        try (RawHttpClient client = gateway.connect()) {
            client.send(RawHttpClient.get("/cut"));
            RawHttpClient.Head head = client.readHead();
            assertThat(head.status()).isEqualTo(200);

            ByteArrayOutputStream body = new ByteArrayOutputStream();
            assertThatThrownBy(() -> client.readBody(head, false, body::write))
                    .as("the client must not see a well-formed end of the body")
                    .isInstanceOf(IOException.class);
            assertThat(body.toString()).isEqualTo("hello");
        }
        assertGatewayStillServes();
    }

    @Test
    void backendSendsAnInvalidChunkMidResponse_gatewayCannotFinishTheBody_clientSeesNoFinalChunkAndAClosedConnection()
            throws Exception {
        // The backend keeps its connection open after the broken chunk, as a confused server might.
        backend.respondWith(Responder.fixed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\nzz\r\n"));

        try (RawHttpClient client = gateway.connect()) {
            client.send(RawHttpClient.get("/broken-chunk"));
            RawHttpClient.Head head = client.readHead();
            assertThat(head.status()).isEqualTo(200);

            ByteArrayOutputStream body = new ByteArrayOutputStream();
            assertThatThrownBy(() -> client.readBody(head, false, body::write))
                    .as("the client must not see a well-formed end of a body the backend broke")
                    .isInstanceOf(IOException.class)
                    .isNotInstanceOf(java.net.SocketTimeoutException.class);
        }
        assertGatewayStillServes();
    }

    @Test
    void backendSendsAnInvalidChunkMidResponse_gatewayNeverReusesThatConnection_nextRequestGetsTheBackendsAnswer()
            throws Exception {
        backend.respondWith(Responder.fixed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\nzz\r\n"));
        RawHttpClient client = gateway.connect();
        RawHttpClient next = client;
        try {
            client.send(RawHttpClient.get("/broken-chunk"));
            RawHttpClient.Head head = client.readHead();
            try {
                client.readBody(head, false, (b, off, len) -> { });
            } catch (IOException e) {
                // The gateway closed the client connection (as it should): ask on a new one.
                next = gateway.connect();
            }
            backend.respondWith(Responder.ok());

            // On the same client connection, the same event loop: a pooled broken connection would be picked.
            RawHttpClient.Response response = next.exchange(RawHttpClient.get("/after-broken-chunk"));

            assertThat(response.status()).as(response.toString()).isEqualTo(200);
            assertThat(response.text()).isEqualTo("ok /after-broken-chunk");
        } finally {
            client.close();
            next.close();
        }
    }

    @Test
    void backendSendsAResponseHeadOverTheGatewaysLimit_gatewayAnswers502() throws Exception {
        backend.respondWith(Responder.fixed("HTTP/1.1 200 OK\r\nX-Huge: " + "h".repeat(100 * 1024)
                + "\r\nContent-Length: 2\r\n\r\nok"));

        RawHttpClient.Response response = gateway.exchange(RawHttpClient.get("/huge-head"));

        assertThat(response.status()).isEqualTo(502);
        assertGatewayStillServes();
    }

    @Test
    void backendClosesBeforeAnswering_gatewayAnswers502_clientCanGoOn() throws Exception {
        backend.respondWith(Responder.closeWithoutAnswer());

        try (RawHttpClient client = gateway.connect()) {
            RawHttpClient.Response response = client.exchange(RawHttpClient.get("/nothing"));

            assertThat(response.status()).isEqualTo(502);
            ErrorStatusIntegrationTest.assertSmallFixedBody(response);
        }
        assertGatewayStillServes();
    }

    @Test
    void backendResetsBeforeAnswering_gatewayAnswers502() throws Exception {
        backend.respondWith(Responder.resetAfter(""));

        RawHttpClient.Response response = gateway.exchange(RawHttpClient.get("/reset"));

        assertThat(response.status()).isEqualTo(502);
        assertGatewayStillServes();
    }

    @Test
    void backendAnswersWithSomethingThatIsNotHttp_gatewayAnswers502() throws Exception {
        backend.respondWith(Responder.closeAfter("SSH-2.0-OpenSSH_9.6\r\n\r\n"));

        RawHttpClient.Response response = gateway.exchange(RawHttpClient.get("/garbage"));

        assertThat(response.status()).isEqualTo(502);
        assertGatewayStillServes();
    }

    @Test
    void backendClosesBeforeAnsweringAPost_gatewayDoesNotReplayIt_backendSeesThePostOnce() throws Exception {
        backend.respondWith(Responder.closeWithoutAnswer());

        RawHttpClient.Response response = gateway.exchange(
                "POST /once HTTP/1.1\r\nHost: test\r\nContent-Length: 5\r\n\r\nhello");

        assertThat(response.status()).isEqualTo(502);
        assertThat(backend.requests()).extracting(RecordingBackend.RecordedRequest::target).containsExactly("/once");
    }

    /** The client read a 200 head promising 100000 bytes, got fewer, and then the connection ended. */
    private void assertCutShort() throws Exception {
        try (RawHttpClient client = gateway.connect()) {
            client.send(RawHttpClient.get("/cut"));
            RawHttpClient.Head head = client.readHead();
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.contentLength()).isEqualTo(100000);

            long[] received = {0};
            assertThatThrownBy(() -> client.readBody(head, false, (b, off, len) -> received[0] += len))
                    .as("the body is cut short: the read ends, it does not time out")
                    .isInstanceOf(IOException.class)
                    .satisfies(e -> assertThat(e).isNotInstanceOf(java.net.SocketTimeoutException.class));
            assertThat(received[0]).isLessThan(100000);
        }
        assertGatewayStillServes();
    }

    private void assertGatewayStillServes() throws Exception {
        backend.respondWith(Responder.ok());
        RawHttpClient.Response response = gateway.exchange(RawHttpClient.get("/still-serving"));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.text()).isEqualTo("ok /still-serving");
    }
}
