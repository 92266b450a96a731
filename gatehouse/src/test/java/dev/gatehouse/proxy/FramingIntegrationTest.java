package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testing.GatewayFixture;
import dev.gatehouse.testing.RawHttpClient;
import dev.gatehouse.testing.RecordingBackend;
import dev.gatehouse.testing.RecordingBackend.Responder;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Client sends a request whose framing is ambiguous or broken → gateway answers 400 and closes
 * the connection → the backend receives not one byte of it → a new connection is served normally.
 *
 * <p>The backend answers {@code Connection: close}, so the gateway holds no idle upstream
 * connection: anything it forwards needs a fresh connect, which completes only after the whole
 * (small, single-write) bad request has been decoded. A gateway that refuses what it cannot
 * frame therefore sends nothing at all.
 */
class FramingIntegrationTest {

    private static RecordingBackend backend;
    private static GatewayFixture gateway;

    @BeforeAll
    static void start() throws Exception {
        backend = RecordingBackend.start(Responder.okThenClose());
        gateway = GatewayFixture.builder()
                .pool("web", p -> p.backend("R", backend.port()))
                .start();
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        backend.close();
    }

    @BeforeEach
    void forgetEarlierRequests() {
        backend.reset();
    }

    static Stream<Arguments> badlyFramedRequests() {
        String post = "POST /rejected HTTP/1.1\r\nHost: test\r\n";
        return Stream.of(
                Arguments.of("Content-Length and Transfer-Encoding together",
                        post + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"),
                Arguments.of("Transfer-Encoding and Content-Length together (other order)",
                        post + "Transfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n5\r\nhello\r\n0\r\n\r\n"),
                Arguments.of("two Content-Length headers, same value",
                        post + "Content-Length: 5\r\nContent-Length: 5\r\n\r\nhello"),
                Arguments.of("two Content-Length headers, different values",
                        post + "Content-Length: 5\r\nContent-Length: 6\r\n\r\nhello!"),
                Arguments.of("one Content-Length header listing two values",
                        post + "Content-Length: 5, 6\r\n\r\nhello!"),
                Arguments.of("non-numeric Content-Length",
                        post + "Content-Length: abc\r\n\r\nhello"),
                Arguments.of("negative Content-Length",
                        post + "Content-Length: -5\r\n\r\nhello"),
                Arguments.of("Content-Length with a sign",
                        post + "Content-Length: +5\r\n\r\nhello"),
                Arguments.of("invalid chunk size",
                        post + "Transfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n"),
                Arguments.of("chunk size overflowing 64 bits",
                        post + "Transfer-Encoding: chunked\r\n\r\nffffffffffffffffff\r\nhello\r\n0\r\n\r\n"),
                Arguments.of("chunk data not followed by CRLF",
                        post + "Transfer-Encoding: chunked\r\n\r\n5\r\nhelloXX0\r\n\r\n"),
                Arguments.of("Transfer-Encoding: gzip, chunked",
                        post + "Transfer-Encoding: gzip, chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"),
                Arguments.of("Transfer-Encoding: chunked twice",
                        post + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"),
                Arguments.of("Transfer-Encoding: xchunked",
                        post + "Transfer-Encoding: xchunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"),
                Arguments.of("Transfer-Encoding: chunked, chunked in one header",
                        post + "Transfer-Encoding: chunked, chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"),
                Arguments.of("whitespace between Transfer-Encoding and the colon",
                        post + "Transfer-Encoding : chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"),
                Arguments.of("Transfer-Encoding on an HTTP/1.0 request",
                        "POST /rejected HTTP/1.0\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"),
                Arguments.of("HTTP/1.1 without Host",
                        "GET /rejected HTTP/1.1\r\nAccept: */*\r\n\r\n"),
                Arguments.of("two Host headers",
                        "GET /rejected HTTP/1.1\r\nHost: test\r\nHost: other\r\n\r\n"),
                Arguments.of("bare LF line endings",
                        "GET /rejected HTTP/1.1\nHost: test\n\n"),
                Arguments.of("one bare LF among CRLFs",
                        "GET /rejected HTTP/1.1\r\nHost: test\nX-Smuggle: 1\r\n\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badlyFramedRequests")
    void clientSendsABadlyFramedRequest_gatewayAnswers400AndCloses_backendReceivesNothing_newConnectionIsServed(
            String why, String request) throws Exception {
        try (RawHttpClient client = gateway.connect()) {
            client.send(request);

            RawHttpClient.Response response = client.readResponse();

            assertThat(response.status()).as(why + ": " + response).isEqualTo(400);
            ErrorStatusIntegrationTest.assertSmallFixedBody(response);
            assertThat(client.closedByServer()).as(why + ": the gateway closes the connection").isTrue();
        }

        RawHttpClient.Response after = gateway.exchange(RawHttpClient.get("/after"));

        assertThat(after.status()).isEqualTo(200);
        assertThat(after.text()).isEqualTo("ok /after");
        assertThat(backend.requests()).extracting(RecordingBackend.RecordedRequest::target).containsExactly("/after");
        assertThat(backend.receivedText()).as(why + ": bytes the backend received")
                .doesNotContain("rejected")
                .startsWith("GET /after HTTP/1.1\r\n");
    }

    @Test
    void clientSendsAWellFramedChunkedRequest_gatewayForwardsItWhole_backendReceivesTheExactBody() throws Exception {
        RawHttpClient.Response response = gateway.exchange("POST /fine HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");

        assertThat(response.status()).isEqualTo(200);
        assertThat(backend.requests()).singleElement().satisfies(r -> {
            assertThat(r.target()).isEqualTo("/fine");
            assertThat(r.header("transfer-encoding")).isEqualTo("chunked");
            assertThat(r.header("content-length")).isNull();
            assertThat(r.bodyText()).isEqualTo("hello world");
        });
    }

    @Test
    void clientSendsAChunkedRequestWithTrailers_backendReceivesTheTrailerFieldsAfterTheLastChunk() throws Exception {
        RawHttpClient.Response response = gateway.exchange("POST /trailers HTTP/1.1\r\nHost: test\r\n"
                + "Transfer-Encoding: chunked\r\nTrailer: X-Checksum\r\n\r\n"
                + "5\r\nhello\r\n0\r\nX-Checksum: abc\r\nX-Note: cr\u00e8me\r\n\r\n");

        assertThat(response.status()).isEqualTo(200);
        assertThat(backend.requests()).singleElement().satisfies(r -> assertThat(r.bodyText()).isEqualTo("hello"));
        // The last chunk carries the client's trailer fields, byte for byte (Latin-1 included).
        assertThat(backend.receivedText()).endsWith("5\r\nhello\r\n0\r\nX-Checksum: abc\r\nX-Note: cr\u00e8me\r\n\r\n");
    }

    @Test
    void aHeaderValueWithLatin1Bytes_reachesTheBackendByteForByte() throws Exception {
        // obs-text (RFC 9110 §5.5): bytes 0x80-0xFF are allowed in values and forwarded unchanged.
        RawHttpClient.Response response = gateway.exchange("GET /latin1 HTTP/1.1\r\nHost: test\r\n"
                + "X-Note: cr\u00e8me br\u00fbl\u00e9e \u00ff\r\n\r\n");

        assertThat(response.status()).isEqualTo(200);
        assertThat(backend.receivedText()).contains("\r\nX-Note: cr\u00e8me br\u00fbl\u00e9e \u00ff\r\n");
    }
}
