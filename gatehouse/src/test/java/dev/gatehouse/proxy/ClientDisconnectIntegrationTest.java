package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gatehouse.testing.GatewayFixture;
import dev.gatehouse.testing.RawHttpClient;
import dev.gatehouse.testing.RecordingBackend;
import dev.gatehouse.testing.RecordingBackend.Responder;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Client goes away in the middle of an exchange → gateway gives up the upstream connection it
 * can no longer finish (never pools a half-used one) → backend sees its connection closed, and
 * the gateway goes on serving.
 */
class ClientDisconnectIntegrationTest {

    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

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
    void clientDisconnectsMidUpload_gatewayClosesTheUpstreamConnection_backendSeesItsConnectionEnd() throws Exception {
        try (RawHttpClient client = gateway.connect()) {
            client.send("POST /upload HTTP/1.1\r\nHost: test\r\nContent-Length: 1000000\r\n\r\n" + "u".repeat(10_000));
            await().atMost(CLOSE_WAIT).until(() -> backend.receivedText().contains("uuuu"));
        }

        await().atMost(CLOSE_WAIT).until(() -> backend.openConnections() == 0);
        assertGatewayStillServes();
    }

    @Test
    void clientDisconnectsMidDownload_gatewayClosesTheUpstreamConnection_backendSeesItsConnectionEnd() throws Exception {
        backend.respondWith(Responder.large(1L << 40));
        try (RawHttpClient client = gateway.connect()) {
            client.send(RawHttpClient.get("/download"));
            RawHttpClient.Head head = client.readHead();
            assertThat(head.status()).isEqualTo(200);
            assertThat(client.input().readNBytes(100_000)).hasSize(100_000);
        }

        await().atMost(CLOSE_WAIT).until(() -> backend.openConnections() == 0);
        backend.respondWith(Responder.ok());
        assertGatewayStillServes();
    }

    private void assertGatewayStillServes() throws Exception {
        RawHttpClient.Response response = gateway.exchange(RawHttpClient.get("/still-serving"));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.text()).isEqualTo("ok /still-serving");
    }
}
