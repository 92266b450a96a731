package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatehouse.demo.DemoBackend;
import dev.gatehouse.testing.GatewayFixture;
import dev.gatehouse.testing.RawHttpClient;
import dev.gatehouse.testing.RecordingBackend;
import dev.gatehouse.testing.RecordingBackend.Responder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Client speaks HTTP/1.0, HEAD or Expect: 100-continue → gateway follows each protocol rule → client sees a correct exchange. */
class ProtocolIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static DemoBackend backend;
    /** Behind {@code /raw/}: answers exactly as a test scripts it. */
    private static RecordingBackend raw;
    private static GatewayFixture gateway;

    @BeforeAll
    static void start() throws Exception {
        backend = DemoBackend.start("A", "127.0.0.1", 0);
        raw = RecordingBackend.start();
        gateway = GatewayFixture.builder()
                .pool("web", p -> p.backend("A", backend.port()))
                .pool("raw", p -> p.backend("R", raw.port()))
                .route(null, "/", "web")
                .route(null, "/raw/", "raw")
                .start();
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        backend.close();
        raw.close();
    }

    @Test
    void http10ClientWithoutKeepAlive_gatewayAnswers_thenClosesTheConnection() throws Exception {
        try (RawHttpClient client = gateway.connect()) {
            RawHttpClient.Response response = client.exchange("GET /old HTTP/1.0\r\nHost: test\r\n\r\n");

            assertThat(response.status()).isEqualTo(200);
            assertThat(JSON.readTree(response.body()).get("path").asText()).isEqualTo("/old");
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void http10ClientWithoutHost_gatewayStillServesIt_backendIsNotAskedToCloseItsConnection() throws Exception {
        try (RawHttpClient client = gateway.connect()) {
            RawHttpClient.Response response = client.exchange("GET /old-no-host HTTP/1.0\r\n\r\n");

            assertThat(response.status()).isEqualTo(200);
            JsonNode headers = JSON.readTree(response.body()).get("headers");
            // Keep-alive to the backend is the gateway's business: it never asks the backend to close.
            assertThat(headers.has("connection")).isFalse();
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void http10ClientAsksForKeepAlive_gatewayAnswersWithConnectionKeepAlive_andServesASecondRequest() throws Exception {
        try (RawHttpClient client = gateway.connect()) {
            RawHttpClient.Response first = client.exchange("GET /old/1 HTTP/1.0\r\nHost: test\r\nConnection: keep-alive\r\n\r\n");

            assertThat(first.status()).isEqualTo(200);
            assertThat(first.header("connection")).isEqualToIgnoringCase("keep-alive");
            assertThat(first.header("content-length")).isNotNull();

            RawHttpClient.Response second = client.exchange("GET /old/2 HTTP/1.0\r\nHost: test\r\n\r\n");

            assertThat(JSON.readTree(second.body()).get("path").asText()).isEqualTo("/old/2");
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void http10ClientGetsAResponseTheBackendChunks_gatewayDelimitsItByClosing_clientGetsTheWholeBody() throws Exception {
        try (RawHttpClient client = gateway.connect()) {
            // The echo answers HTTP/1.1 requests chunked; the gateway talks HTTP/1.1 upstream.
            client.send("POST /echo HTTP/1.0\r\nHost: test\r\nContent-Length: 11\r\n\r\nhello world");

            RawHttpClient.Response response = client.readResponse();

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.head().isChunked()).as("no chunking towards an HTTP/1.0 client").isFalse();
            assertThat(response.text()).isEqualTo("hello world");
        }
    }

    @Test
    void clientSendsHead_gatewayForwardsIt_clientGetsHeadersAndNoBody_connectionStaysInSync() throws Exception {
        try (RawHttpClient client = gateway.connect()) {
            client.send("HEAD /head HTTP/1.1\r\nHost: test\r\n\r\n");

            RawHttpClient.Response head = client.readResponse(true);

            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("x-backend")).isEqualTo("A");
            // The next bytes on the wire must be the next response, not a stray body.
            RawHttpClient.Response next = client.exchange(RawHttpClient.get("/after-head"));
            assertThat(next.status()).isEqualTo(200);
            assertThat(JSON.readTree(next.body()).get("path").asText()).isEqualTo("/after-head");
        }
    }

    @Test
    void clientSendsHeadForAGeneratedBody_gatewayForwardsOnlyTheHead_clientSeesTheLengthButNoBytes() throws Exception {
        try (RawHttpClient client = gateway.connect()) {
            client.send("HEAD /bytes?n=100000 HTTP/1.1\r\nHost: test\r\n\r\n");

            RawHttpClient.Response head = client.readResponse(true);

            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("content-length")).isEqualTo("100000");
            RawHttpClient.Response next = client.exchange(RawHttpClient.get("/after-head"));
            assertThat(next.status()).isEqualTo(200);
        }
    }

    @Test
    void clientExpects100Continue_gatewayAnswers100ItselfThenForwards_backendNeverSeesExpect() throws Exception {
        try (RawHttpClient client = gateway.connect()) {
            client.send("POST /upload HTTP/1.1\r\nHost: test\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");

            RawHttpClient.Response interim = client.readResponse();

            assertThat(interim.head().statusLine()).isEqualTo("HTTP/1.1 100 Continue");

            client.send("hello");
            RawHttpClient.Response response = client.readResponse();

            assertThat(response.status()).isEqualTo(200);
            JsonNode seen = JSON.readTree(response.body());
            assertThat(seen.get("method").asText()).isEqualTo("POST");
            assertThat(seen.get("headers").has("expect")).isFalse();
            assertThat(seen.get("headers").get("content-length").asText()).isEqualTo("5");
        }
    }

    @Test
    void clientExpects100ContinueForAnEcho_gatewayStreamsTheBodyAfterThe100_clientGetsItBack() throws Exception {
        try (RawHttpClient client = gateway.connect()) {
            client.send("POST /echo HTTP/1.1\r\nHost: test\r\nExpect: 100-continue\r\nContent-Length: 11\r\n\r\n");
            assertThat(client.readResponse().status()).isEqualTo(100);

            client.send("hello world");
            RawHttpClient.Response response = client.readResponse();

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.text()).isEqualTo("hello world");
        }
    }

    @Test
    void backendSendsItsOwn100ContinueFirst_gatewayDropsTheInterimAnswer_clientSeesOnlyTheFinalOne() throws Exception {
        raw.respondWith(Responder.fixed("HTTP/1.1 100 Continue\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfinal"));
        try (RawHttpClient client = gateway.connect()) {
            RawHttpClient.Response response = client.exchange(RawHttpClient.get("/raw/interim"));

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.text()).isEqualTo("final");
            assertThat(client.exchange(RawHttpClient.get("/raw/interim")).text()).isEqualTo("final");
        }
    }

    @Test
    void backendDelimitsItsBodyByClosing_gatewayChunksItForAnHttp11Client_clientGetsTheBodyAndKeepsItsConnection()
            throws Exception {
        raw.respondWith(Responder.closeAfter("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end"));
        try (RawHttpClient client = gateway.connect()) {
            RawHttpClient.Response response = client.exchange(RawHttpClient.get("/raw/close-delimited"));

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.head().isChunked()).isTrue();
            assertThat(response.text()).isEqualTo("until the end");

            raw.respondWith(Responder.ok());
            assertThat(client.exchange(RawHttpClient.get("/raw/next")).text()).isEqualTo("ok /raw/next");
        }
    }

    @Test
    void backendAnswers204And304_gatewayForwardsThemWithoutABody_connectionStaysInSync() throws Exception {
        raw.respondWith(Responder.fixed("HTTP/1.1 204 No Content\r\n\r\n"));
        try (RawHttpClient client = gateway.connect()) {
            assertThat(client.exchange(RawHttpClient.get("/raw/204")).status()).isEqualTo(204);
            raw.respondWith(Responder.fixed("HTTP/1.1 304 Not Modified\r\nETag: \"x\"\r\n\r\n"));
            assertThat(client.exchange(RawHttpClient.get("/raw/304")).status()).isEqualTo(304);
            raw.respondWith(Responder.ok());
            assertThat(client.exchange(RawHttpClient.get("/raw/next")).text()).isEqualTo("ok /raw/next");
        }
    }
}
