package dev.gatehouse.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.testing.GatewayFixture;
import dev.gatehouse.testing.RawHttpClient;
import dev.gatehouse.testing.RecordingBackend;
import dev.gatehouse.testing.RecordingBackend.Responder;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Client sends a request whose head breaks the RFC 9110/9112 grammar, or a smuggling variant not
 * already in {@code FramingIntegrationTest} → gateway answers 400 and closes → the backend
 * receives not one byte of it → a new connection is served normally.
 */
class RequestValidationIntegrationTest {

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

    static Stream<Arguments> badRequests() {
        String get = "GET /rejected HTTP/1.1\r\nHost: test\r\n";
        String post = "POST /rejected HTTP/1.1\r\nHost: test\r\n";
        return Stream.of(
                Arguments.of("NUL in a header value", get + "X-A: a\u0000b\r\n\r\n"),
                Arguments.of("NUL in the request target", "GET /rej\u0000ected HTTP/1.1\r\nHost: test\r\n\r\n"),
                Arguments.of("bare CR inside a header value", get + "X-A: a\rX-Smuggle: b\r\n\r\n"),
                Arguments.of("bare CR ending the request line", "GET /rejected HTTP/1.1\rHost: test\r\n\r\n"),
                Arguments.of("obs-fold with a space", get + "X-A: a\r\n b\r\n\r\n"),
                Arguments.of("obs-fold with a tab", get + "X-A: a\r\n\tb\r\n\r\n"),
                Arguments.of("obs-fold continuing Transfer-Encoding",
                        post + "Transfer-Encoding: x\r\n chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"),
                Arguments.of("a tab between field name and colon", get + "X-A\t: b\r\n\r\n"),
                Arguments.of("a space between Host and the colon", "GET /rejected HTTP/1.1\r\nHost : test\r\n\r\n"),
                Arguments.of("an empty field name", get + ": b\r\n\r\n"),
                Arguments.of("a field line without colon", get + "X-A b\r\n\r\n"),
                Arguments.of("a control character in a value", get + "X-A: a\u0007b\r\n\r\n"),
                Arguments.of("DEL in a value", get + "X-A: a\u007fb\r\n\r\n"),
                Arguments.of("a separator in a field name", get + "X[A]: b\r\n\r\n"),
                Arguments.of("TE.TE: chunked plus a second, lower-case Transfer-encoding",
                        post + "Transfer-Encoding: chunked\r\nTransfer-encoding: x\r\n\r\n5\r\nhello\r\n0\r\n\r\n"),
                Arguments.of("TE.TE: a vertical tab before chunked",
                        post + "Transfer-Encoding:\u000bchunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"),
                Arguments.of("TE.TE: chunked with a trailing letter",
                        post + "Transfer-Encoding: chunkedx\r\n\r\n5\r\nhello\r\n0\r\n\r\n"),
                Arguments.of("TE.TE: quoted chunked",
                        post + "Transfer-Encoding: \"chunked\"\r\n\r\n5\r\nhello\r\n0\r\n\r\n"),
                Arguments.of("CL.TE: Content-Length then an obfuscated Transfer-Encoding",
                        post + "Content-Length: 6\r\nTransfer-Encoding : chunked\r\n\r\n0\r\n\r\nG"),
                Arguments.of("TE.CL: chunked body hiding a second request behind Content-Length",
                        post + "Transfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n"
                                + "5c\r\nGPOST /rejected HTTP/1.1\r\nHost: test\r\nContent-Length: 15\r\n\r\nx=1\r\n0\r\n\r\n"),
                Arguments.of("a bare LF ending a chunk-size line",
                        post + "Transfer-Encoding: chunked\r\n\r\n5\nhello\r\n0\r\n\r\n"),
                Arguments.of("a NUL in a chunk extension",
                        post + "Transfer-Encoding: chunked\r\n\r\n5;a=\u0000\r\nhello\r\n0\r\n\r\n"),
                Arguments.of("chunk extensions over 4 KiB",
                        post + "Transfer-Encoding: chunked\r\n\r\n5" + ";a".repeat(3000) + "\r\nhello\r\n0\r\n\r\n"),
                Arguments.of("Content-Length in the trailers",
                        post + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\nContent-Length: 5\r\n\r\n"),
                Arguments.of("Transfer-Encoding in the trailers",
                        post + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\nTransfer-Encoding: chunked\r\n\r\n"),
                Arguments.of("obs-fold in the trailers",
                        post + "Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\nX-T: a\r\n b\r\n\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void clientSendsABadRequest_gatewayAnswers400AndCloses_backendReceivesNothing_newConnectionIsServed(
            String why, String request) throws Exception {
        try (RawHttpClient client = gateway.connect()) {
            client.send(request.getBytes(StandardCharsets.ISO_8859_1));

            RawHttpClient.Response response = client.readResponse();

            assertThat(response.status()).as(why + ": " + response).isEqualTo(400);
            assertThat(client.closedByServer()).as(why + ": the gateway closes the connection").isTrue();
        }
        assertServedAfterwards(why);
    }

    @Test
    void tabBeforeChunkedIsOptionalWhitespace_requestIsForwardedReframed() throws Exception {
        // RFC 9110 §5.6.3: OWS is SP or HTAB, so "Transfer-Encoding:\tchunked" is valid.
        String request = "POST /tab HTTP/1.1\r\nHost: test\r\nTransfer-Encoding:\tchunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n";
        RawHttpClient.Response response = gateway.exchange(request);

        assertThat(response.status()).isEqualTo(200);
        assertThat(backend.requests()).hasSize(1);
        assertThat(backend.requests().get(0).bodyText()).isEqualTo("hello");
    }

    @Test
    void tooManyHeaderFields_gatewayAnswers431_backendReceivesNothing() throws Exception {
        StringBuilder request = new StringBuilder("GET /rejected HTTP/1.1\r\nHost: test\r\n");
        for (int i = 0; i < 100; i++) {
            request.append("X-H").append(i).append(": v\r\n");
        }
        request.append("\r\n");
        try (RawHttpClient client = gateway.connect()) {
            client.send(request.toString());

            assertThat(client.readResponse().status()).isEqualTo(431);
            assertThat(client.closedByServer()).isTrue();
        }
        assertServedAfterwards("101 header fields");
    }

    private static void assertServedAfterwards(String why) throws Exception {
        RawHttpClient.Response after = gateway.exchange(RawHttpClient.get("/after"));

        assertThat(after.status()).isEqualTo(200);
        assertThat(backend.requests()).extracting(RecordingBackend.RecordedRequest::target).containsExactly("/after");
        assertThat(backend.receivedText()).as(why + ": bytes the backend received")
                .doesNotContain("rejected")
                .startsWith("GET /after HTTP/1.1\r\n");
    }
}
