package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testing.GatewayFixture;
import dev.gatehouse.testing.RawHttpClient;
import dev.gatehouse.testing.RecordingBackend;
import dev.gatehouse.testing.RecordingBackend.Responder;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Client → gateway keeps connections to backends alive, pooled per event loop → backends see a
 * handful of connections however many requests pass.
 */
class KeepAliveIntegrationTest {

    private static final int REQUESTS = 200;
    /** The gateway runs one event loop per core, and each loop keeps its own upstream connections. */
    private static final int EVENT_LOOPS = Runtime.getRuntime().availableProcessors();

    private RecordingBackend a;
    private RecordingBackend b;
    private GatewayFixture gateway;

    @BeforeEach
    void start() throws Exception {
        a = RecordingBackend.start();
        b = RecordingBackend.start();
        gateway = GatewayFixture.builder()
                .pool("web", p -> p.backend("A", a.port()).backend("B", b.port()))
                .start();
    }

    @AfterEach
    void stop() throws Exception {
        gateway.close();
        a.close();
        b.close();
    }

    @Test
    void twoHundredSequentialRequestsOnOneClientConnection_gatewayReusesUpstreamConnections_backendsSeeAtMostOneEachPerLoop()
            throws Exception {
        try (RawHttpClient client = gateway.connect()) {
            for (int i = 0; i < REQUESTS; i++) {
                RawHttpClient.Response response = client.exchange(RawHttpClient.get("/ka/" + i));
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.text()).isEqualTo("ok /ka/" + i);
            }
        }

        assertThat(a.requests().size() + b.requests().size()).isEqualTo(REQUESTS);
        assertThat(a.connections() + b.connections()).isBetween(2, 2 * EVENT_LOOPS);
    }

    @Test
    void twoHundredRequestsEachOnANewClientConnection_gatewayStillReusesUpstreamConnections_backendsSeeAFewConnections()
            throws Exception {
        for (int i = 0; i < REQUESTS; i++) {
            RawHttpClient.Response response = gateway.exchange(RawHttpClient.get("/ka/" + i));
            assertThat(response.status()).isEqualTo(200);
        }

        assertThat(a.requests().size() + b.requests().size()).isEqualTo(REQUESTS);
        assertThat(a.connections() + b.connections()).isBetween(2, 2 * EVENT_LOOPS);
    }

    @Test
    void clientAsksToCloseItsConnection_gatewayStillKeepsTheUpstreamOne_backendNeverSeesConnectionClose() throws Exception {
        for (int i = 0; i < 20; i++) {
            try (RawHttpClient client = gateway.connect()) {
                RawHttpClient.Response response = client.exchange(
                        "GET /close/" + i + " HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n");
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.header("connection")).isEqualToIgnoringCase("close");
                assertThat(client.closedByServer()).isTrue();
            }
        }

        assertThat(a.connections() + b.connections()).isBetween(2, 2 * EVENT_LOOPS);
        assertThat(a.requests()).allSatisfy(r -> assertThat(r.header("connection")).isNull());
    }

    @Test
    void clientLeavesItsConnectionIdlePastTheIdleTimeout_gatewayClosesIt() throws Exception {
        try (GatewayFixture shortIdle = GatewayFixture.builder()
                .idleTimeout(Duration.ofMillis(300))
                .pool("web", p -> p.backend("A", a.port()))
                .start();
             RawHttpClient client = shortIdle.connect()) {
            assertThat(client.exchange(RawHttpClient.get("/idle")).status()).isEqualTo(200);

            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void backendAnswersConnectionClose_gatewayDoesNotReuseThatConnection_everyRequestGetsANewOneAndSucceeds() throws Exception {
        a.respondWith(Responder.okThenClose());
        b.respondWith(Responder.okThenClose());
        try (RawHttpClient client = gateway.connect()) {
            for (int i = 0; i < 20; i++) {
                RawHttpClient.Response response = client.exchange(RawHttpClient.get("/c/" + i));
                assertThat(response.status()).isEqualTo(200);
                // The backend's Connection header is hop-by-hop: the client's connection stays open.
                assertThat(response.header("connection")).isNull();
            }
        }

        assertThat(a.connections() + b.connections()).isEqualTo(20);
    }

    @Test
    void backendSilentlyClosesEachKeptAliveConnection_gatewayRetriesTheStaleOneOnAFreshConnection_everyGetSucceeds()
            throws Exception {
        a.respondWith(Responder.okThenSilentlyClose());
        b.respondWith(Responder.okThenSilentlyClose());
        try (RawHttpClient client = gateway.connect()) {
            for (int i = 0; i < 50; i++) {
                RawHttpClient.Response response = client.exchange(RawHttpClient.get("/stale/" + i));
                assertThat(response.status()).as("request %d: %s", i, response).isEqualTo(200);
                assertThat(response.text()).isEqualTo("ok /stale/" + i);
            }
        }
    }
}
