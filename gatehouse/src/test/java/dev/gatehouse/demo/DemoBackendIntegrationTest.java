package dev.gatehouse.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Client → demo backend (real sockets) → the client sees the backend's name, its answers, streams and keep-alive. */
class DemoBackendIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static DemoBackend backend;
    private static HttpClient client;

    @BeforeAll
    static void start() throws InterruptedException {
        backend = DemoBackend.start("A", "127.0.0.1", 0);
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterAll
    static void stop() {
        backend.close();
        backend.close(); // idempotent
    }

    @Test
    void anyPathIsAnsweredWithJsonNamingBackendMethodPathAndHeaders() throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri("/x?y=1"))
                .header("X-Test", "one")
                .header("X-Multi", "a")
                .header("X-Multi", "b")
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-backend")).hasValue("A");
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.get("backend").asText()).isEqualTo("A");
        assertThat(body.get("method").asText()).isEqualTo("GET");
        assertThat(body.get("path").asText()).isEqualTo("/x?y=1");
        assertThat(body.get("headers").get("host").asText()).isEqualTo("127.0.0.1:" + backend.port());
        assertThat(body.get("headers").get("x-test").asText()).isEqualTo("one");
        assertThat(body.get("headers").get("x-multi").asText()).isEqualTo("a, b");
    }

    @Test
    void postBodyIsReadAndDiscardedThenDescribed() throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri("/form"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[300_000])).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).get("method").asText()).isEqualTo("POST");
    }

    @Test
    void healthAnswersOkWithTheBackendName() throws Exception {
        HttpResponse<String> response = get("/health");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("x-backend")).hasValue("A");
        assertThat(JSON.readTree(response.body())).isEqualTo(JSON.readTree("{\"status\":\"ok\",\"backend\":\"A\"}"));
    }

    @Test
    void statusPathAnswersThatStatusWithTheJsonBody() throws Exception {
        HttpResponse<String> response = get("/status/503");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("x-backend")).hasValue("A");
        assertThat(JSON.readTree(response.body()).get("path").asText()).isEqualTo("/status/503");
    }

    @Test
    void informationalOrNonsenseStatusIsABadRequest() throws Exception {
        assertThat(get("/status/150").statusCode()).isEqualTo(400);
        assertThat(get("/status/abc").statusCode()).isEqualTo(400);
        assertThat(get("/slow?ms=-1").statusCode()).isEqualTo(400);
        assertThat(get("/bytes").statusCode()).isEqualTo(400);
    }

    @Test
    void slowAnswersAfterTheDelay() throws Exception {
        HttpResponse<String> response = get("/slow?ms=200");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).get("path").asText()).isEqualTo("/slow?ms=200");
    }

    @Test
    void bytesAnswersExactlyThatManyBytes() throws Exception {
        int n = 3 * 1024 * 1024 + 17;
        HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(uri("/bytes?n=" + n)).build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValueAsLong("content-length")).hasValue(n);
        assertThat(response.body()).hasSize(n);
    }

    @Test
    void echoStreamsAMultiMegabyteBodyBackByteForByte() throws Exception {
        byte[] sent = new byte[8 * 1024 * 1024 + 3];
        new Random(42).nextBytes(sent);
        try (RawHttpConnection connection = new RawHttpConnection(backend.port())) {
            // The echo starts before the upload ends: the upload runs on its own thread, as a real client's would.
            CompletableFuture<Void> upload = CompletableFuture.runAsync(() -> {
                try {
                    OutputStream out = connection.out();
                    out.write(("POST /echo HTTP/1.1\r\nHost: test\r\nContent-Type: application/x-test\r\n"
                            + "Content-Length: " + sent.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(sent);
                    out.flush();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            RawHttpConnection.Response response = connection.read();
            upload.join();

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("x-backend")).isEqualTo("A");
            assertThat(response.header("content-type")).isEqualTo("application/x-test");
            assertThat(response.header("transfer-encoding")).isEqualTo("chunked");
            assertThat(response.body()).isEqualTo(sent);
        }
    }

    @Test
    void echoStreamsAChunkedUploadBack() throws Exception {
        try (RawHttpConnection connection = new RawHttpConnection(backend.port())) {
            connection.send("POST /echo HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");

            RawHttpConnection.Response response = connection.read();

            assertThat(response.text()).isEqualTo("hello world");
            assertThat(response.header("content-type")).isNull();
        }
    }

    @Test
    void twoRequestsShareOneKeptAliveConnection() throws Exception {
        try (RawHttpConnection connection = new RawHttpConnection(backend.port())) {
            connection.send("GET /first HTTP/1.1\r\nHost: test\r\n\r\n");
            RawHttpConnection.Response first = connection.read();
            connection.send("GET /second HTTP/1.1\r\nHost: test\r\n\r\n");
            RawHttpConnection.Response second = connection.read();

            assertThat(JSON.readTree(first.body()).get("path").asText()).isEqualTo("/first");
            assertThat(JSON.readTree(second.body()).get("path").asText()).isEqualTo("/second");
            assertThat(second.header("x-backend")).isEqualTo("A");
            assertThat(second.header("connection")).isNull();
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderEvenWhenTheFirstIsSlow() throws Exception {
        try (RawHttpConnection connection = new RawHttpConnection(backend.port())) {
            connection.send("GET /slow?ms=100 HTTP/1.1\r\nHost: test\r\n\r\n"
                    + "HEAD /health HTTP/1.1\r\nHost: test\r\n\r\n"
                    + "GET /bytes?n=10 HTTP/1.1\r\nHost: test\r\n\r\n");

            assertThat(JSON.readTree(connection.read().body()).get("path").asText()).isEqualTo("/slow?ms=100");
            RawHttpConnection.Response head = connection.read(true);
            assertThat(head.status()).isEqualTo(200);
            assertThat(Integer.parseInt(head.header("content-length"))).isPositive();
            assertThat(connection.read().body()).hasSize(10);
        }
    }

    @Test
    void connectionCloseIsHonoured() throws Exception {
        try (RawHttpConnection connection = new RawHttpConnection(backend.port())) {
            connection.send("GET / HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n");

            RawHttpConnection.Response response = connection.read();

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("connection")).isEqualTo("close");
            assertThat(connection.closedByServer()).isTrue();
        }
    }

    @Test
    void http10KeepsTheConnectionOnlyWhenAsked() throws Exception {
        try (RawHttpConnection connection = new RawHttpConnection(backend.port())) {
            connection.send("GET /one HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            RawHttpConnection.Response kept = connection.read();
            connection.send("GET /two HTTP/1.0\r\n\r\n");
            RawHttpConnection.Response last = connection.read();

            assertThat(kept.header("connection")).isEqualToIgnoringCase("keep-alive");
            assertThat(last.header("connection")).isEqualTo("close");
            assertThat(JSON.readTree(last.body()).get("path").asText()).isEqualTo("/two");
            assertThat(connection.closedByServer()).isTrue();
        }
    }

    @Test
    void unparseableRequestIsABadRequestAndTheConnectionCloses() throws Exception {
        try (RawHttpConnection connection = new RawHttpConnection(backend.port())) {
            connection.send("GET / HTTP/1.1\r\nHost: test\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd");

            RawHttpConnection.Response response = connection.read();

            assertThat(response.status()).isEqualTo(400);
            assertThat(response.header("x-backend")).isEqualTo("A");
            assertThat(connection.closedByServer()).isTrue();
        }
    }

    @Test
    void aTakenPortIsReportedInOneLine() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> DemoBackend.start("B", "127.0.0.1", taken.getLocalPort()))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageStartingWith("backend B: cannot listen on 127.0.0.1:" + taken.getLocalPort() + ": ")
                    .hasMessageContaining("ddress already in use")
                    .hasMessageNotContaining("\n");
        }
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + backend.port() + path);
    }
}
