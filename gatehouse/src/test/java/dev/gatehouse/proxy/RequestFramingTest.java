package dev.gatehouse.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.proxy.error.ProxyFailure;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.codec.http.TransferEncodingNotAllowedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestFramingTest {

    private static final long NO_LIMIT = 0;

    @Test
    void aPlainRequestMayGoOn() {
        assertThat(RequestFraming.check(get(), NO_LIMIT)).isNull();
        assertThat(RequestFraming.check(get(), 1024)).isNull();
    }

    // ---------------------------------------------------------------- decoder verdicts

    @Test
    void anOverLongRequestLineIsUriTooLong() {
        HttpRequest req = get();
        req.setDecoderResult(DecoderResult.failure(new TooLongHttpLineException("An HTTP line is larger than 8192 bytes.")));

        assertThat(RequestFraming.check(req, NO_LIMIT)).isEqualTo(ProxyFailure.URI_TOO_LONG);
    }

    @Test
    void overLongHeadersAreHeadersTooLarge() {
        HttpRequest req = get();
        req.setDecoderResult(DecoderResult.failure(new TooLongHttpHeaderException("HTTP header is larger than 8192 bytes.")));

        assertThat(RequestFraming.check(req, NO_LIMIT)).isEqualTo(ProxyFailure.HEADERS_TOO_LARGE);
    }

    @Test
    void anyOtherDecoderFailureIsBadRequest() {
        HttpRequest bad = get();
        bad.setDecoderResult(DecoderResult.failure(new IllegalArgumentException("Multiple Content-Length values found")));
        HttpRequest te = get();
        te.setDecoderResult(DecoderResult.failure(new TransferEncodingNotAllowedException("not in HTTP/1.0")));

        assertThat(RequestFraming.check(bad, NO_LIMIT)).isEqualTo(ProxyFailure.BAD_REQUEST);
        assertThat(RequestFraming.check(te, NO_LIMIT)).isEqualTo(ProxyFailure.BAD_REQUEST);
    }

    @Test
    void theDecoderVerdictComesBeforeEverythingElse() {
        HttpRequest req = new DefaultHttpRequest(new HttpVersion("HTTP", 2, 0, true), HttpMethod.GET, "/");
        req.setDecoderResult(DecoderResult.failure(new TooLongHttpLineException("too long")));

        assertThat(RequestFraming.check(req, NO_LIMIT)).isEqualTo(ProxyFailure.URI_TOO_LONG);
    }

    // ---------------------------------------------------------------- version

    @Test
    void http10WithoutHostMayGoOn() {
        HttpRequest req = new DefaultHttpRequest(HttpVersion.HTTP_1_0, HttpMethod.GET, "/");

        assertThat(RequestFraming.check(req, NO_LIMIT)).isNull();
    }

    @Test
    void versionsOtherThan10And11AreNotSupported() {
        for (HttpVersion version : new HttpVersion[] {
            new HttpVersion("HTTP", 1, 2, true), new HttpVersion("HTTP", 2, 0, true),
            new HttpVersion("HTTP", 0, 9, true), new HttpVersion("HTTP", 3, 0, true)}) {
            HttpRequest req = new DefaultHttpRequest(version, HttpMethod.GET, "/");
            req.headers().set("Host", "h");

            assertThat(RequestFraming.check(req, NO_LIMIT)).as("%s", version).isEqualTo(ProxyFailure.VERSION_NOT_SUPPORTED);
        }
        assertThat(ProxyFailure.VERSION_NOT_SUPPORTED.status().code()).isEqualTo(505);
    }

    // ---------------------------------------------------------------- Transfer-Encoding

    @ParameterizedTest
    @ValueSource(strings = {"chunked", "Chunked", "CHUNKED"})
    void transferEncodingOfExactlyChunkedMayGoOn(String te) {
        HttpRequest req = post();
        req.headers().set("Transfer-Encoding", te);

        assertThat(RequestFraming.check(req, NO_LIMIT)).isNull();
        assertThat(RequestFraming.hasBody(req)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip, chunked", "chunked, chunked", "identity", "gzip", "", "chunked;q=1", "xchunked"})
    void anyOtherTransferEncodingIsBadRequest(String te) {
        HttpRequest req = post();
        req.headers().set("Transfer-Encoding", te);

        assertThat(RequestFraming.check(req, NO_LIMIT)).isEqualTo(ProxyFailure.BAD_REQUEST);
    }

    @Test
    void twoTransferEncodingHeadersAreBadRequest() {
        HttpRequest req = post();
        req.headers().add("Transfer-Encoding", "chunked").add("Transfer-Encoding", "chunked");

        assertThat(RequestFraming.check(req, NO_LIMIT)).isEqualTo(ProxyFailure.BAD_REQUEST);
    }

    // ---------------------------------------------------------------- Host

    @Test
    void http11WithoutHostIsBadRequest() {
        HttpRequest req = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/");

        assertThat(RequestFraming.check(req, NO_LIMIT)).isEqualTo(ProxyFailure.BAD_REQUEST);
    }

    @Test
    void http11WithoutHostIsBadRequestEvenInAbsoluteForm() {
        HttpRequest req = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "http://h.example.com/");

        assertThat(RequestFraming.check(req, NO_LIMIT)).isEqualTo(ProxyFailure.BAD_REQUEST);
    }

    @Test
    void http11WithTwoHostHeadersIsBadRequest() {
        HttpRequest req = get();
        req.headers().add("Host", "other.example.com");

        assertThat(RequestFraming.check(req, NO_LIMIT)).isEqualTo(ProxyFailure.BAD_REQUEST);
    }

    @Test
    void http11WithAnEmptyHostMayGoOn() {
        HttpRequest req = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/");
        req.headers().set("Host", "");

        assertThat(RequestFraming.check(req, NO_LIMIT)).isNull();
    }

    /**
     * RFC 9112 §3.2: a server MUST answer 400 to "any request message that contains more than one
     * Host header field line", whatever its version; only the missing-Host rule is HTTP/1.1-only.
     * Otherwise an HTTP/1.0 request would be routed on its first Host while a backend may act on
     * the second.
     */
    @Test
    void http10WithTwoHostHeadersIsBadRequest() {
        HttpRequest req = new DefaultHttpRequest(HttpVersion.HTTP_1_0, HttpMethod.GET, "/");
        req.headers().add("Host", "public.example.com").add("Host", "internal.example.com");

        assertThat(RequestFraming.check(req, NO_LIMIT)).isEqualTo(ProxyFailure.BAD_REQUEST);
    }

    /**
     * RFC 9112 §3.2: a server MUST answer 400 to a request with "a Host header field with an
     * invalid field value" (valid: {@code uri-host [ ":" port ]}). Accepted, they would be routed on
     * the whole value ({@code a.example.com, b.example.com} ends with {@code .example.com}, so it
     * would take a {@code *.example.com} route) and a backend may read them differently.
     */
    @ParameterizedTest
    @ValueSource(strings = {"a.example.com, b.example.com", "a.example.com b", "user@a.example.com",
        "a.example.com/path", "a.example.com:80:80"})
    void anInvalidHostValueIsBadRequest(String host) {
        HttpRequest req = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/");
        req.headers().set("Host", host);

        assertThat(RequestFraming.check(req, NO_LIMIT)).isEqualTo(ProxyFailure.BAD_REQUEST);
    }

    // ---------------------------------------------------------------- body limit

    @Test
    void aContentLengthAboveTheLimitIsBodyTooLarge() {
        HttpRequest req = post();
        req.headers().set("Content-Length", "1025");

        assertThat(RequestFraming.check(req, 1024)).isEqualTo(ProxyFailure.BODY_TOO_LARGE);
        assertThat(ProxyFailure.BODY_TOO_LARGE.status().code()).isEqualTo(413);
    }

    @Test
    void aContentLengthAtTheLimitMayGoOn() {
        HttpRequest req = post();
        req.headers().set("Content-Length", "1024");

        assertThat(RequestFraming.check(req, 1024)).isNull();
    }

    @Test
    void noLimitMeansAnyLength() {
        HttpRequest req = post();
        req.headers().set("Content-Length", String.valueOf(Long.MAX_VALUE));

        assertThat(RequestFraming.check(req, NO_LIMIT)).isNull();
    }

    @Test
    void aChunkedBodyIsLimitedWhileItStreamsNotHere() {
        HttpRequest req = post();
        req.headers().set("Transfer-Encoding", "chunked");

        assertThat(RequestFraming.check(req, 1)).isNull();
    }

    // ---------------------------------------------------------------- hasBody, isIdempotent

    @Test
    void hasBodyWhenContentLengthIsPositiveOrChunked() {
        HttpRequest none = get();
        HttpRequest zero = post();
        zero.headers().set("Content-Length", "0");
        HttpRequest some = post();
        some.headers().set("Content-Length", "5");
        HttpRequest chunked = post();
        chunked.headers().set("Transfer-Encoding", "chunked");

        assertThat(RequestFraming.hasBody(none)).isFalse();
        assertThat(RequestFraming.hasBody(zero)).isFalse();
        assertThat(RequestFraming.hasBody(some)).isTrue();
        assertThat(RequestFraming.hasBody(chunked)).isTrue();
    }

    @Test
    void anUnreadableContentLengthCountsAsABody() {
        HttpRequest req = post();
        req.headers().set("Content-Length", "abc");

        assertThat(RequestFraming.hasBody(req)).isTrue();
    }

    @Test
    void idempotentMethodsFollowRfc9110() {
        for (HttpMethod m : new HttpMethod[] {HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS, HttpMethod.TRACE,
            HttpMethod.PUT, HttpMethod.DELETE}) {
            assertThat(RequestFraming.isIdempotent(m)).as("%s", m).isTrue();
        }
        for (HttpMethod m : new HttpMethod[] {HttpMethod.POST, HttpMethod.PATCH, HttpMethod.CONNECT,
            HttpMethod.valueOf("PROPFIND")}) {
            assertThat(RequestFraming.isIdempotent(m)).as("%s", m).isFalse();
        }
    }

    private static HttpRequest get() {
        HttpRequest req = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/");
        req.headers().set("Host", "api.example.com");
        return req;
    }

    private static HttpRequest post() {
        HttpRequest req = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/upload");
        req.headers().set("Host", "api.example.com");
        return req;
    }
}
