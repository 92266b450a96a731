package dev.gatehouse.proxy.error;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
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
        byte[] body = failure.body();
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, failure.status(),
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
