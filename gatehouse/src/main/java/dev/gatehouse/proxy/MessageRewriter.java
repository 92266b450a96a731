package dev.gatehouse.proxy;

import dev.gatehouse.exchange.RequestTarget;
import dev.gatehouse.proxy.error.ErrorResponses;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;

/**
 * Rewrites message heads as they cross the gateway: hop-by-hop headers out, our own framing in
 * (the gateway re-frames every body it forwards), forwarded headers and the request id set.
 */
final class MessageRewriter {

    private MessageRewriter() {
    }

    /** Prepares a client's request head for the backend: origin-form, HTTP/1.1, forwarded headers. */
    static void request(HttpRequest req, RequestTarget target, String authority, String clientIp, String scheme,
                        String requestId) {
        request(req, target, authority, clientIp, scheme, requestId, false);
    }

    /**
     * Like {@link #request(HttpRequest, RequestTarget, String, String, String, String)}.
     *
     * @param fromTrustedProxy whether the peer is a trusted proxy, whose forwarded headers are kept
     */
    static void request(HttpRequest req, RequestTarget target, String authority, String clientIp, String scheme,
                        String requestId, boolean fromTrustedProxy) {
        HttpHeaders h = req.headers();
        boolean chunked = HttpUtil.isTransferEncodingChunked(req);
        HopByHopHeaders.strip(h);
        if (chunked) {
            h.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        }
        ForwardedHeaders.apply(h, clientIp, scheme, authority, fromTrustedProxy);
        h.set(ErrorResponses.X_REQUEST_ID, requestId);
        if (target.authority() != null) {
            h.set(HttpHeaderNames.HOST, target.authority());
        }
        req.setUri(target.originForm());
        req.setProtocolVersion(HttpVersion.HTTP_1_1);
    }

    /**
     * Prepares a backend's {@code 101 Switching Protocols} for the client: hop-by-hop headers out
     * as for any response, then {@code Upgrade} and {@code Connection: upgrade} back in, naming the
     * one protocol both sides agreed on; no body framing (none follows a 101).
     */
    static FullHttpResponse switchingProtocols(HttpResponse response, String protocol, String requestId) {
        HttpHeaders h = response.headers();
        HopByHopHeaders.strip(h);
        h.remove(HttpHeaderNames.CONTENT_LENGTH);
        h.set(HttpHeaderNames.UPGRADE, protocol);
        h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
        h.set(ErrorResponses.X_REQUEST_ID, requestId);
        return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.SWITCHING_PROTOCOLS,
                Unpooled.EMPTY_BUFFER, h, EmptyHttpHeaders.INSTANCE);
    }
}
