package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.balancer.Endpoint;
import dev.gatehouse.config.DataSize;
import dev.gatehouse.demo.DemoBackend;
import dev.gatehouse.testing.GatewayFixture;
import dev.gatehouse.testing.RawHttpClient;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Client sends something the gateway cannot or will not serve → gateway answers the one status
 * that says why, with a small fixed body → and goes on serving everyone afterwards.
 */
class ErrorStatusIntegrationTest {

    private static DemoBackend backend;
    /** Behind pool "slow" only, so no connection opened for another pool can serve it. */
    private static DemoBackend slowBackend;
    private static GatewayFixture gateway;

    @BeforeAll
    static void start() throws Exception {
        backend = DemoBackend.start("A", "127.0.0.1", 0);
        slowBackend = DemoBackend.start("S", "127.0.0.1", 0);
        int closed1 = closedPort();
        int closed2 = closedPort();
        int closed3 = closedPort();
        gateway = GatewayFixture.builder()
                .maxRequestLine(DataSize.ofKibibytes(1))
                .maxHeaderSize(DataSize.ofKibibytes(2))
                .maxBodySize(DataSize.ofKibibytes(1))
                .headerTimeout(Duration.ofMillis(500))
                .pool("web", p -> p.backend("A", backend.port()))
                .pool("slow", p -> p.backend("S", slowBackend.port()).responseTimeout(Duration.ofMillis(300)))
                .pool("slow-shared", p -> p.backend("A", backend.port()).responseTimeout(Duration.ofMillis(300)))
                .pool("dead", p -> p.backend("dead", closed1))
                .pool("refusing", p -> p.backend("r1", closed1).backend("r2", closed2).backend("r3", closed3))
                .pool("drained", p -> p.backend("A", backend.port()))
                .route(null, "/web/", "web")
                .route(null, "/slow", "slow")
                .route("shared.test", "/", "slow-shared")
                .route(null, "/dead", "dead")
                .route(null, "/refusing", "refusing")
                .route(null, "/drained", "drained")
                .start();
    }

    @AfterAll
    static void stop() {
        gateway.close();
        backend.close();
        slowBackend.close();
    }

    @AfterEach
    void gatewayStillServes() throws Exception {
        RawHttpClient.Response response = gateway.exchange(RawHttpClient.get("/web/still-serving"));
        assertThat(response.status()).as("a normal request after the error").isEqualTo(200);
        assertThat(response.header("x-backend")).isEqualTo("A");
    }

    // ---------------------------------------------------------------- 400

    @ParameterizedTest(name = "request line \"{0}\"")
    @ValueSource(strings = {
        "NOT-HTTP",
        "GET /web/x",
        "GET /web/x HTTP/1.1 extra",
        "GET  HTTP/1.1",
        "GET web/x HTTP/1.1",
        "GET /web/x FTP/1.1",
    })
    void clientSendsAMalformedRequestLine_gatewayAnswers400AndCloses(String requestLine) throws Exception {
        try (RawHttpClient client = gateway.connect()) {
            RawHttpClient.Response response = client.exchange(requestLine + "\r\nHost: test\r\n\r\n");

            assertThat(response.status()).as(response.toString()).isEqualTo(400);
            assertSmallFixedBody(response);
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @ParameterizedTest(name = "header line \"{0}\"")
    @ValueSource(strings = {
        "Bad Header: x",
        "NoColonHere",
        "Bad\u0001Name: x",
        ": no name",
        "X-Value: a\u0000b",
    })
    void clientSendsBadHeaderSyntax_gatewayAnswers400AndCloses(String headerLine) throws Exception {
        try (RawHttpClient client = gateway.connect()) {
            RawHttpClient.Response response = client.exchange("GET /web/x HTTP/1.1\r\nHost: test\r\n" + headerLine + "\r\n\r\n");

            assertThat(response.status()).as(response.toString()).isEqualTo(400);
            assertSmallFixedBody(response);
            assertThat(client.closedByServer()).isTrue();
        }
    }

    // ---------------------------------------------------------------- 404

    @Test
    void clientAsksForAPathNoRouteMatches_gatewayAnswers404_andKeepsTheConnection() throws Exception {
        try (RawHttpClient client = gateway.connect()) {
            RawHttpClient.Response response = client.exchange(RawHttpClient.get("/nowhere"));

            assertThat(response.status()).isEqualTo(404);
            assertSmallFixedBody(response);
            assertThat(client.exchange(RawHttpClient.get("/web/after-404")).status()).isEqualTo(200);
        }
    }

    // ---------------------------------------------------------------- 408

    @Test
    void clientSendsPartOfARequestHeadAndStalls_gatewayAnswers408AfterTheHeaderTimeoutAndCloses() throws Exception {
        try (RawHttpClient client = gateway.connect()) {
            client.send("GET /web/x HTTP/1.1\r\nHost: test\r\n");

            RawHttpClient.Response response = client.readResponse();

            assertThat(response.status()).isEqualTo(408);
            assertSmallFixedBody(response);
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void clientStallsInTheSecondRequestOfAKeptAliveConnection_gatewayAnswers408AndCloses() throws Exception {
        try (RawHttpClient client = gateway.connect()) {
            assertThat(client.exchange(RawHttpClient.get("/web/first")).status()).isEqualTo(200);
            client.send("GET /web/second HTTP/1.1\r\nHost: te");

            RawHttpClient.Response response = client.readResponse();

            assertThat(response.status()).isEqualTo(408);
            assertThat(client.closedByServer()).isTrue();
        }
    }

    // ---------------------------------------------------------------- 413

    @Test
    void clientAnnouncesAContentLengthOverMaxBodySize_gatewayAnswers413AndCloses() throws Exception {
        try (RawHttpClient client = gateway.connect()) {
            client.send("POST /web/upload HTTP/1.1\r\nHost: test\r\nContent-Length: 2048\r\n\r\n");

            RawHttpClient.Response response = client.readResponse();

            assertThat(response.status()).isEqualTo(413);
            assertSmallFixedBody(response);
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void clientStreamsAChunkedBodyPastMaxBodySize_gatewayAnswers413AndCloses() throws Exception {
        String chunk = "400\r\n" + "x".repeat(1024) + "\r\n";
        try (RawHttpClient client = gateway.connect()) {
            client.send("POST /web/upload HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk + chunk);

            RawHttpClient.Response response = client.readResponse();

            assertThat(response.status()).isEqualTo(413);
            assertSmallFixedBody(response);
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void clientExpects100ContinueForABodyOverMaxBodySize_gatewayAnswers413Not100_andCloses() throws Exception {
        try (RawHttpClient client = gateway.connect()) {
            client.send("POST /web/upload HTTP/1.1\r\nHost: test\r\nExpect: 100-continue\r\nContent-Length: 4096\r\n\r\n");

            RawHttpClient.Response response = client.readResponse();

            assertThat(response.status()).isEqualTo(413);
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void clientExpects100ContinueOnAPathNoRouteMatches_gatewayAnswers404Not100() throws Exception {
        try (RawHttpClient client = gateway.connect()) {
            client.send("POST /nowhere HTTP/1.1\r\nHost: test\r\nExpect: 100-continue\r\nContent-Length: 10\r\n\r\n");

            RawHttpClient.Response response = client.readResponse();

            assertThat(response.status()).isEqualTo(404);
        }
    }

    @Test
    void clientSendsABodyUpToMaxBodySize_gatewayForwardsIt_clientGets200() throws Exception {
        RawHttpClient.Response response = gateway.exchange("POST /web/upload HTTP/1.1\r\nHost: test\r\nContent-Length: 1024\r\n\r\n"
                + "y".repeat(1024));

        assertThat(response.status()).isEqualTo(200);
    }

    // ---------------------------------------------------------------- 414, 431

    @Test
    void clientSendsARequestLineOverMaxRequestLine_gatewayAnswers414AndCloses() throws Exception {
        try (RawHttpClient client = gateway.connect()) {
            RawHttpClient.Response response = client.exchange(RawHttpClient.get("/web/" + "a".repeat(2000)));

            assertThat(response.status()).isEqualTo(414);
            assertSmallFixedBody(response);
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void clientSendsHeadersOverMaxHeaderSize_gatewayAnswers431AndCloses() throws Exception {
        try (RawHttpClient client = gateway.connect()) {
            RawHttpClient.Response response = client.exchange(
                    "GET /web/x HTTP/1.1\r\nHost: test\r\nX-Big: " + "b".repeat(3000) + "\r\n\r\n");

            assertThat(response.status()).isEqualTo(431);
            assertSmallFixedBody(response);
            assertThat(client.closedByServer()).isTrue();
        }
    }

    // ---------------------------------------------------------------- 502, 503, 504

    @Test
    void poolsOnlyBackendRefusesConnections_gatewayAnswers502_andKeepsTheClientConnection() throws Exception {
        try (RawHttpClient client = gateway.connect()) {
            RawHttpClient.Response response = client.exchange(RawHttpClient.get("/dead"));

            assertThat(response.status()).isEqualTo(502);
            assertSmallFixedBody(response);
            assertThat(client.exchange(RawHttpClient.get("/web/after-502")).status()).isEqualTo(200);
        }
    }

    @Test
    void everyBackendOfThePoolRefuses_gatewayTriesEachThenAnswers502() throws Exception {
        List<Endpoint> endpoints = gateway.gatehouse().runtime().pool("refusing").balancer().snapshot().endpoints();

        RawHttpClient.Response response = gateway.exchange(RawHttpClient.get("/refusing"));

        assertThat(response.status()).isEqualTo(502);
        assertSmallFixedBody(response);
        // Each refusal is counted against its endpoint: one request tried all three.
        assertThat(endpoints).hasSize(3).allSatisfy(e -> assertThat(e.state().failures()).isPositive());
    }

    @Test
    void noEndpointOfThePoolIsReady_gatewayAnswers503() throws Exception {
        List<Endpoint> endpoints = gateway.gatehouse().runtime().pool("drained").balancer().snapshot().endpoints();
        endpoints.forEach(e -> e.state().setReady(false));
        try {
            RawHttpClient.Response response = gateway.exchange(RawHttpClient.get("/drained"));

            assertThat(response.status()).isEqualTo(503);
            assertSmallFixedBody(response);
        } finally {
            endpoints.forEach(e -> e.state().setReady(true));
        }
    }

    @Test
    void backendTakesLongerThanTheResponseTimeout_gatewayAnswers504() throws Exception {
        try (RawHttpClient client = gateway.connect()) {
            RawHttpClient.Response response = client.exchange(RawHttpClient.get("/slow?ms=5000"));

            assertThat(response.status()).isEqualTo(504);
            assertSmallFixedBody(response);
            assertThat(client.exchange(RawHttpClient.get("/web/after-504")).status()).isEqualTo(200);
        }
    }

    @Test
    void twoPoolsShareABackendAddress_requestThroughTheStrictPoolReusesAConnectionTheOtherOpened_clientStillGets504()
            throws Exception {
        try (RawHttpClient client = gateway.connect()) {
            // Pool "web" opens a keep-alive connection to A on this connection's event loop...
            assertThat(client.exchange(RawHttpClient.get("/web/warm")).status()).isEqualTo(200);

            // ...and pool "slow-shared" (response timeout 300ms) sends to the same address, from the same loop.
            RawHttpClient.Response response = client.exchange(RawHttpClient.get("/slow?ms=3000", "shared.test"));

            assertThat(response.status())
                    .as("pool slow-shared has a 300ms response timeout; the backend answers after 3s")
                    .isEqualTo(504);
        }
    }

    // ---------------------------------------------------------------- 505

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"HTTP/2.0", "HTTP/1.2", "HTTP/3.0"})
    void clientSpeaksAnUnsupportedHttpVersion_gatewayAnswers505AndCloses(String version) throws Exception {
        try (RawHttpClient client = gateway.connect()) {
            RawHttpClient.Response response = client.exchange("GET /web/x " + version + "\r\nHost: test\r\n\r\n");

            assertThat(response.status()).isEqualTo(505);
            assertSmallFixedBody(response);
            assertThat(client.closedByServer()).isTrue();
        }
    }

    /** Error bodies are short, fixed texts: never a stack trace or an internal message. */
    static void assertSmallFixedBody(RawHttpClient.Response response) {
        assertThat(response.text()).as("body of " + response.head().statusLine())
                .isNotBlank()
                .hasSizeLessThan(200)
                .doesNotContainIgnoringCase("exception")
                .doesNotContain("java.", "io.netty", "dev.gatehouse", "\tat ");
        assertThat(response.header("content-length")).isEqualTo(String.valueOf(response.body().length));
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
