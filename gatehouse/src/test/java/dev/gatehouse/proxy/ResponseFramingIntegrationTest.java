package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testing.GatewayFixture;
import dev.gatehouse.testing.RawHttpClient;
import dev.gatehouse.testing.RecordingBackend;
import dev.gatehouse.testing.RecordingBackend.RecordedRequest;
import dev.gatehouse.testing.RecordingBackend.Responder;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Backend answers with any framing HTTP/1.x allows (a length, chunks with trailers, the end of
 * the connection, no body at all) → gateway reads it strictly and frames it again for its own
 * client → client gets exactly the backend's body bytes, none of its hop-by-hop headers, and a
 * connection it can go on using. A response the gateway cannot frame exactly → 502.
 */
class ResponseFramingIntegrationTest {

    private RecordingBackend backend;
    private GatewayFixture gateway;

    @BeforeEach
    void start() throws Exception {
        backend = RecordingBackend.start();
        // A short response timeout: a response the gateway waits on forever fails the test quickly.
        gateway = GatewayFixture.builder()
                .pool("web", p -> p.backend("R", backend.port()).responseTimeout(Duration.ofSeconds(5)))
                .start();
    }

    @AfterEach
    void stop() throws Exception {
        gateway.close();
        backend.close();
    }

    // ---------------------------------------------------------------- bodies ended by closing

    @Test
    void http10BackendEndsItsBodyByClosing_gatewayChunksIt_http11ClientGetsTheExactBytesAndKeepsItsConnection()
            throws Exception {
        byte[] body = awkwardBody();
        backend.respondWith(closesAfter("HTTP/1.0 200 OK\r\nContent-Type: application/octet-stream\r\n\r\n", body));

        try (RawHttpClient client = gateway.connect()) {
            client.send(RawHttpClient.get("/until-close"));
            RawHttpClient.Head head = client.readHead();

            assertThat(head.status()).isEqualTo(200);
            assertThat(head.headers("transfer-encoding")).containsExactly("chunked");
            assertThat(head.header("content-length")).isNull();
            assertThat(head.header("connection")).isNull();
            assertThat(head.header("content-type")).isEqualTo("application/octet-stream");
            ChunkedBody received = readChunkedStrictly(client.input());
            assertThat(received.bytes()).isEqualTo(body);
            assertThat(received.trailers()).isEmpty();

            backend.respondWith(Responder.ok());
            RawHttpClient.Response second = client.exchange(RawHttpClient.get("/second"));
            assertThat(second.status()).isEqualTo(200);
            assertThat(second.text()).isEqualTo("ok /second");
        }
        assertThat(backend.connections()).as("the closed connection was not reused").isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"GET /old HTTP/1.0\r\nHost: test\r\n\r\n",
        "GET /old HTTP/1.0\r\nHost: test\r\nConnection: keep-alive\r\n\r\n"})
    void http10BackendEndsItsBodyByClosing_http10ClientGetsTheExactBytesEndedByTheGatewayClosing(String request)
            throws Exception {
        byte[] body = awkwardBody();
        backend.respondWith(closesAfter("HTTP/1.0 200 OK\r\nContent-Type: application/octet-stream\r\n\r\n", body));

        try (RawHttpClient client = gateway.connect()) {
            client.send(request);
            RawHttpClient.Head head = client.readHead();

            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("transfer-encoding")).as("no chunking in HTTP/1.0").isNull();
            assertThat(head.header("content-length")).isNull();
            assertThat(head.header("connection")).isEqualToIgnoringCase("close");
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            client.readBody(head, false, received::write);
            assertThat(received.toByteArray()).isEqualTo(body);
            assertThat(client.closedByServer()).isTrue();
        }
    }

    @Test
    void http11BackendWithoutLengthEndsItsBodyByClosing_http11ClientGetsItChunked() throws Exception {
        byte[] body = "no length, no chunks: the end is the close".getBytes(StandardCharsets.ISO_8859_1);
        backend.respondWith(closesAfter("HTTP/1.1 200 OK\r\nX-Kept: yes\r\n\r\n", body));

        try (RawHttpClient client = gateway.connect()) {
            client.send(RawHttpClient.get("/until-close"));
            RawHttpClient.Head head = client.readHead();

            assertThat(head.headers("transfer-encoding")).containsExactly("chunked");
            assertThat(head.header("x-kept")).isEqualTo("yes");
            assertThat(readChunkedStrictly(client.input()).bytes()).isEqualTo(body);

            backend.respondWith(Responder.ok());
            assertThat(client.exchange(RawHttpClient.get("/second")).text()).isEqualTo("ok /second");
        }
    }

    @Test
    void backendEndsAGzipTransferCodedBodyByClosing_clientCanStillDecodeWhatItGets() throws Exception {
        String text = "transfer-coded with gzip, and the end is the close";
        byte[] gzipped = gzip(text);
        backend.respondWith(closesAfter("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n", gzipped));

        try (RawHttpClient client = gateway.connect()) {
            client.send(RawHttpClient.get("/gzip-until-close"));
            RawHttpClient.Head head = client.readHead();
            List<String> codings = codings(head);
            assertThat(codings).as("the transfer codings the client is told of").last().isEqualTo("chunked");
            byte[] received = readChunkedStrictly(client.input()).bytes();

            if (codings.equals(List.of("chunked"))) {
                assertThat(new String(received, StandardCharsets.ISO_8859_1))
                        .as("no gzip coding declared to the client: the body must then be decoded").isEqualTo(text);
            } else {
                assertThat(codings).containsExactly("gzip", "chunked");
                assertThat(received).isEqualTo(gzipped);
            }
        }
    }

    // ---------------------------------------------------------------- chunked bodies

    @Test
    void backendSendsChunksWithExtensionsAndTrailers_clientGetsTheBodyReChunkedWithoutTrailers() throws Exception {
        backend.respondWith(Responder.fixed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: X-Checksum\r\n"
                + "Content-Type: text/plain\r\n\r\n"
                + "5;ext=1\r\nhello\r\n1\r\n \r\n0000A ; name=\"v\"\r\n0\r\n\r\n12345\r\n"
                + "0\r\nX-Checksum: abc\r\nX-Other: 1\r\n\r\n"));

        try (RawHttpClient client = gateway.connect()) {
            client.send(RawHttpClient.get("/chunked"));
            RawHttpClient.Head head = client.readHead();

            assertThat(head.status()).isEqualTo(200);
            assertThat(codings(head)).containsExactly("chunked");
            assertThat(head.header("trailer")).as("the trailer announcement is hop-by-hop").isNull();
            assertThat(head.header("content-type")).isEqualTo("text/plain");
            ChunkedBody received = readChunkedStrictly(client.input());
            assertThat(new String(received.bytes(), StandardCharsets.ISO_8859_1)).isEqualTo("hello 0\r\n\r\n12345");
            assertThat(received.trailers()).as("trailers are dropped").isEmpty();
            assertThat(received.sizeLines()).as("chunk extensions are the backend's, not forwarded")
                    .allSatisfy(line -> assertThat(line).doesNotContain(";"));

            backend.respondWith(Responder.ok());
            assertThat(client.exchange(RawHttpClient.get("/second")).text()).isEqualTo("ok /second");
        }
        assertThat(backend.connections()).as("the chunked response ended cleanly: its connection was reused")
                .isEqualTo(1);
    }

    @Test
    void backendSendsChunks_http10ClientGetsTheDeChunkedBytesEndedByTheGatewayClosing() throws Exception {
        backend.respondWith(Responder.fixed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\nhello\r\n6\r\n world\r\n0\r\nX-Checksum: abc\r\n\r\n"));

        try (RawHttpClient client = gateway.connect()) {
            client.send("GET /chunked HTTP/1.0\r\nHost: test\r\n\r\n");
            RawHttpClient.Head head = client.readHead();

            assertThat(head.header("transfer-encoding")).isNull();
            assertThat(head.header("connection")).isEqualToIgnoringCase("close");
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            client.readBody(head, false, received::write);
            assertThat(received.toString(StandardCharsets.ISO_8859_1)).isEqualTo("hello world");
            assertThat(client.closedByServer()).isTrue();
        }
    }

    // ---------------------------------------------------------------- headers

    @Test
    void backendSendsHopByHopHeaders_clientSeesNoneOfThemButTheEndToEndOnes() throws Exception {
        backend.respondWith(Responder.fixed("HTTP/1.1 200 OK\r\n"
                + "Connection: close, X-Secret\r\n"
                + "X-Secret: s3cr3t\r\n"
                + "Keep-Alive: timeout=5, max=100\r\n"
                + "Upgrade: h2c\r\n"
                + "Trailer: X-Checksum\r\n"
                + "Proxy-Connection: keep-alive\r\n"
                + "TE: trailers\r\n"
                + "X-Kept: yes\r\n"
                + "Content-Length: 2\r\n\r\nok"));

        try (RawHttpClient client = gateway.connect()) {
            RawHttpClient.Response response = client.exchange(RawHttpClient.get("/hop"));

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.text()).isEqualTo("ok");
            assertThat(response.head().headerNames())
                    .doesNotContain("connection", "x-secret", "keep-alive", "upgrade", "trailer", "proxy-connection", "te");
            assertThat(response.header("x-kept")).isEqualTo("yes");
            assertThat(response.header("content-length")).isEqualTo("2");

            backend.respondWith(Responder.ok());
            RawHttpClient.Response second = client.exchange(RawHttpClient.get("/second"));
            assertThat(second.text()).as("the backend's close was about its own connection only").isEqualTo("ok /second");
        }
        assertThat(backend.connections()).as("a connection the backend said it closes is not reused").isEqualTo(2);
    }

    @Test
    void backendSendsItsOwnRequestIds_clientSeesOnlyTheGatewaysId() throws Exception {
        backend.respondWith(Responder.fixed("HTTP/1.1 200 OK\r\nX-Request-Id: backend-chosen\r\n"
                + "x-REQUEST-id: another-one\r\nContent-Length: 2\r\n\r\nok"));

        RawHttpClient.Response generated = gateway.exchange(RawHttpClient.get("/id"));
        RawHttpClient.Response kept = gateway.exchange("GET /id HTTP/1.1\r\nHost: test\r\nX-Request-Id: client-7\r\n\r\n");

        List<RecordedRequest> seen = backend.requests();
        assertThat(generated.headers("x-request-id")).containsExactly(seen.get(0).header("x-request-id"));
        assertThat(kept.headers("x-request-id")).containsExactly("client-7");
        assertThat(seen.get(1).header("x-request-id")).isEqualTo("client-7");
    }

    static Stream<Arguments> keepAliveAnswers() {
        return Stream.of(
                Arguments.of("HTTP/1.1", "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", 1),
                Arguments.of("HTTP/1.1 with Connection: close", "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok", 2),
                Arguments.of("HTTP/1.0", "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok", 2),
                Arguments.of("HTTP/1.0 with Connection: keep-alive",
                        "HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nok", 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keepAliveAnswers")
    void backendSaysWhetherItKeepsTheConnection_gatewayReusesItOnlyThen_clientKeepsItsOwnEitherWay(
            String why, String answer, int connections) throws Exception {
        // The backend keeps every connection open: only the gateway decides whether to reuse it.
        backend.respondWith(Responder.fixed(answer));

        try (RawHttpClient client = gateway.connect()) {
            for (int i = 0; i < 2; i++) {
                RawHttpClient.Response response = client.exchange(RawHttpClient.get("/" + i));
                assertThat(response.text()).as(why).isEqualTo("ok");
                assertThat(response.header("connection")).as(why).isNull();
            }
        }
        assertThat(backend.connections()).as(why).isEqualTo(connections);
    }

    // ---------------------------------------------------------------- malformed responses

    static Stream<Arguments> malformedResponses() {
        String ok = "HTTP/1.1 200 OK\r\n";
        return Stream.of(
                Arguments.of("Content-Length and Transfer-Encoding",
                        ok + "Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n"),
                Arguments.of("Transfer-Encoding and Content-Length",
                        ok + "Transfer-Encoding: chunked\r\nContent-Length: 2\r\n\r\n2\r\nok\r\n0\r\n\r\n"),
                Arguments.of("bare LF line ends", "HTTP/1.1 200 OK\nContent-Length: 2\n\nok"),
                Arguments.of("one bare LF", ok + "Content-Length: 2\nX-Smuggle: 1\r\n\r\nok"),
                Arguments.of("two Content-Length lines", ok + "Content-Length: 2\r\nContent-Length: 2\r\n\r\nok"),
                Arguments.of("non-numeric Content-Length", ok + "Content-Length: two\r\n\r\nok"),
                Arguments.of("HTTP/2.0 status line", "HTTP/2.0 200 OK\r\nContent-Length: 2\r\n\r\nok"),
                Arguments.of("status 600", "HTTP/1.1 600 Nope\r\nContent-Length: 2\r\n\r\nok"),
                Arguments.of("folded header line", ok + "X-A: 1\r\n 2\r\nContent-Length: 2\r\n\r\nok"),
                Arguments.of("space before a colon", ok + "Content-Length : 2\r\n\r\nok"),
                Arguments.of("control byte in a value", ok + "X-A: 1\u00012\r\nContent-Length: 2\r\n\r\nok"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedResponses")
    void backendSendsAMalformedResponse_clientGets502_gatewayKeepsServing(String why, String response) throws Exception {
        // The backend keeps its connection open: the gateway must give it up by itself.
        backend.respondWith(Responder.fixed(response));

        try (RawHttpClient client = gateway.connect()) {
            RawHttpClient.Response answer = client.exchange(RawHttpClient.get("/malformed"));

            assertThat(answer.status()).as(why + ": " + answer).isEqualTo(502);
            ErrorStatusIntegrationTest.assertSmallFixedBody(answer);

            backend.respondWith(Responder.ok());
            RawHttpClient.Response next = client.exchange(RawHttpClient.get("/next"));
            assertThat(next.status()).as(why).isEqualTo(200);
            assertThat(next.text()).isEqualTo("ok /next");
        }
        RawHttpClient.Response fresh = gateway.exchange(RawHttpClient.get("/fresh"));
        assertThat(fresh.text()).isEqualTo("ok /fresh");
    }

    @Test
    void backendSendsAMalformedResponseOnAReusedConnection_gatewayAnswers502WithoutSendingTheRequestAgain()
            throws Exception {
        try (RawHttpClient client = gateway.connect()) {
            assertThat(client.exchange(RawHttpClient.get("/first")).text()).isEqualTo("ok /first");
            backend.respondWith(Responder.fixed("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok!"));

            RawHttpClient.Response answer = client.exchange(RawHttpClient.get("/answered-malformed"));

            assertThat(answer.status()).isEqualTo(502);
        }
        // The backend did answer: the request reached it, so it was no stale connection to retry on.
        assertThat(backend.requests()).extracting(RecordedRequest::target)
                .containsExactly("/first", "/answered-malformed");
    }

    @Test
    void backendSendsBytesAfterACompleteResponse_clientGetsTheResponse_nextRequestGoesOnANewConnection()
            throws Exception {
        backend.respondWith(Responder.fixed("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
                + "HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\nsmuggled"));

        try (RawHttpClient client = gateway.connect()) {
            RawHttpClient.Response first = client.exchange(RawHttpClient.get("/first"));
            assertThat(first.status()).isEqualTo(200);
            assertThat(first.text()).isEqualTo("ok");

            backend.respondWith(Responder.ok());
            RawHttpClient.Response second = client.exchange(RawHttpClient.get("/second"));
            assertThat(second.status()).isEqualTo(200);
            assertThat(second.text()).as("never the bytes nobody asked for").isEqualTo("ok /second");
        }
        assertThat(backend.connections()).as("the connection that sent extra bytes was not reused").isEqualTo(2);
    }

    // ---------------------------------------------------------------- bodyless answers

    static Stream<Arguments> answersToHead() {
        return Stream.of(
                Arguments.of("Content-Length", "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\n", "5"),
                Arguments.of("Transfer-Encoding: chunked", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", null),
                Arguments.of("no framing headers", "HTTP/1.1 200 OK\r\nX-A: 1\r\n\r\n", null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("answersToHead")
    void clientSendsHead_backendAnswersWithAHeadOnly_clientGetsNoBodyBytes_nextRequestOnTheSameConnectionWorks(
            String why, String answer, String contentLength) throws Exception {
        backend.respondWith((request, socket, out) -> {
            if (request.method().equals("HEAD")) {
                out.write(answer.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                return true;
            }
            return Responder.ok().respond(request, socket, out);
        });

        try (RawHttpClient client = gateway.connect()) {
            client.send("HEAD /resource HTTP/1.1\r\nHost: test\r\n\r\n");
            RawHttpClient.Response head = client.readResponse(true);

            assertThat(head.status()).as(why).isEqualTo(200);
            assertThat(head.header("content-length")).as(why).isEqualTo(contentLength);
            assertThat(head.header("connection")).as(why).isNull();

            // Any stray body byte or last chunk after that head would break the next response.
            RawHttpClient.Response next = client.exchange(RawHttpClient.get("/after-head"));
            assertThat(next.status()).as(why).isEqualTo(200);
            assertThat(next.text()).as(why).isEqualTo("ok /after-head");
        }
        assertThat(backend.requests()).extracting(RecordedRequest::method).containsExactly("HEAD", "GET");
        assertThat(backend.connections()).as(why + ": the backend connection was reused after HEAD").isEqualTo(1);
    }

    static Stream<Arguments> bodylessAnswers() {
        return Stream.of(
                Arguments.of("204", "HTTP/1.1 204 No Content\r\nX-A: 1\r\n\r\n", 204),
                Arguments.of("304", "HTTP/1.1 304 Not Modified\r\nETag: \"v1\"\r\n\r\n", 304),
                Arguments.of("304 with the representation's Content-Length",
                        "HTTP/1.1 304 Not Modified\r\nETag: \"v1\"\r\nContent-Length: 100\r\n\r\n", 304));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bodylessAnswers")
    void backendAnswersWithoutABody_clientGetsTheHeadAlone_nextRequestOnTheSameConnectionWorks(
            String why, String answer, int status) throws Exception {
        backend.respondWith(Responder.fixed(answer));

        try (RawHttpClient client = gateway.connect()) {
            RawHttpClient.Response response = client.exchange("GET /bodyless HTTP/1.1\r\nHost: test\r\n"
                    + "If-None-Match: \"v1\"\r\n\r\n");

            assertThat(response.status()).as(why).isEqualTo(status);
            assertThat(response.header("transfer-encoding")).as(why + ": nothing to chunk").isNull();
            assertThat(response.body()).isEmpty();

            backend.respondWith(Responder.ok());
            RawHttpClient.Response next = client.exchange(RawHttpClient.get("/after"));
            assertThat(next.status()).as(why).isEqualTo(200);
            assertThat(next.text()).as(why).isEqualTo("ok /after");
        }
        assertThat(backend.connections()).as(why).isEqualTo(1);
    }

    @Test
    void backendSendsAnInterimHeadBeforeItsAnswer_clientGetsTheFinalResponse() throws Exception {
        backend.respondWith(Responder.fixed("HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"));

        try (RawHttpClient client = gateway.connect()) {
            RawHttpClient.Response response = client.exchange(RawHttpClient.get("/hints"));

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.text()).isEqualTo("ok");

            backend.respondWith(Responder.ok());
            assertThat(client.exchange(RawHttpClient.get("/second")).text()).isEqualTo("ok /second");
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Writes {@code head}, then {@code body} in a few separate writes, then closes the connection. */
    private static Responder closesAfter(String head, byte[] body) {
        return (request, socket, out) -> {
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            int third = body.length / 3;
            out.write(body, 0, third);
            out.flush();
            out.write(body, third, body.length - third);
            out.flush();
            return false;
        };
    }

    /** Every byte value, text that looks like chunk framing, and enough filler to take several reads. */
    private static byte[] awkwardBody() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < 256; i++) {
            out.write(i);
        }
        out.writeBytes("\r\n0\r\n\r\nHTTP/1.1 200 OK\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        byte[] filler = new byte[200 * 1024];
        for (int i = 0; i < filler.length; i++) {
            filler[i] = (byte) ('a' + i % 26);
        }
        out.writeBytes(filler);
        return out.toByteArray();
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(text.getBytes(StandardCharsets.ISO_8859_1));
        }
        return bytes.toByteArray();
    }

    /** The transfer codings of every Transfer-Encoding line, in order, lower case. */
    private static List<String> codings(RawHttpClient.Head head) {
        List<String> out = new ArrayList<>();
        for (String value : head.headers("transfer-encoding")) {
            Arrays.stream(value.split(",")).map(s -> s.trim().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty())
                    .forEach(out::add);
        }
        return out;
    }

    /** A chunked body as it came: its bytes, each size line, and the trailer lines after the last chunk. */
    private record ChunkedBody(byte[] bytes, List<String> sizeLines, List<String> trailers) {
    }

    /** Reads a chunked body, failing on anything that is not exactly chunked framing with CRLF line ends. */
    private static ChunkedBody readChunkedStrictly(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        List<String> sizeLines = new ArrayList<>();
        while (true) {
            String sizeLine = crlfLine(in);
            sizeLines.add(sizeLine);
            assertThat(sizeLine).as("chunk size line").matches("[0-9a-fA-F]+(;.*)?");
            int semicolon = sizeLine.indexOf(';');
            int size = Integer.parseInt(semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon), 16);
            if (size == 0) {
                List<String> trailers = new ArrayList<>();
                for (String line = crlfLine(in); !line.isEmpty(); line = crlfLine(in)) {
                    trailers.add(line);
                }
                return new ChunkedBody(body.toByteArray(), sizeLines, trailers);
            }
            byte[] data = in.readNBytes(size);
            if (data.length < size) {
                throw new EOFException("connection closed inside a chunk");
            }
            body.writeBytes(data);
            assertThat(crlfLine(in)).as("the CRLF after a chunk's data").isEmpty();
        }
    }

    /** One line that must end with CRLF, without it. */
    private static String crlfLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            int b = in.read();
            if (b == -1) {
                throw new EOFException("connection closed after \"" + line + "\"");
            }
            if (b == '\n') {
                assertThat(line.toString()).as("a line ended by a bare LF").endsWith("\r");
                return line.substring(0, line.length() - 1);
            }
            line.append((char) b);
        }
    }
}
