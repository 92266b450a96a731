package dev.gatehouse.proxy.error;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;

/** Builds the response the client gets for a {@link ProxyFailure}. */
public final class ErrorResponses {

    private static final AsciiString TEXT_PLAIN = AsciiString.cached("text/plain; charset=utf-8");
    public static final AsciiString X_REQUEST_ID = AsciiString.cached("x-request-id");

    private ErrorResponses() {
    }

    /**
     * @param requestId returned in {@code X-Request-Id} when not null
     * @param keepAlive whether the connection stays open after this response
     */
    public static FullHttpResponse of(ProxyFailure failure, String requestId, boolean keepAlive) {
        return of(failure.status(), failure.body(), requestId, keepAlive);
    }

    /**
     * The answer to a request a filter rejected: its status, the reason phrase as the body, and
     * the filter's extra headers.
     */
    public static FullHttpResponse rejected(HttpResponseStatus status, List<Map.Entry<String, String>> headers,
                                            String requestId, boolean keepAlive) {
        byte[] body = (status.code() + " " + status.reasonPhrase().toLowerCase(java.util.Locale.ROOT) + "\n")
                .getBytes(StandardCharsets.US_ASCII);
        FullHttpResponse response = of(status, body, requestId, keepAlive);
        for (Map.Entry<String, String> h : headers) {
            response.headers().add(h.getKey(), h.getValue());
        }
        return response;
    }

    private static FullHttpResponse of(HttpResponseStatus status, byte[] body, String requestId, boolean keepAlive) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.wrappedBuffer(body));
        HttpHeaders h = response.headers();
        h.set(HttpHeaderNames.CONTENT_TYPE, TEXT_PLAIN);
        h.setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        if (requestId != null) {
            h.set(X_REQUEST_ID, requestId);
        }
        if (!keepAlive) {
            h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        return response;
    }
}
