package dev.gatehouse.proxy;

import dev.gatehouse.proxy.error.ProxyFailure;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.util.List;

/**
 * Decides whether a decoded request head is framed exactly enough to forward: the decoder's own
 * verdict (bad syntax, CL+TE, duplicate or bad Content-Length, bad chunking, sizes), the HTTP
 * version, a {@code Transfer-Encoding} of exactly {@code chunked}, one {@code Host}, and the body
 * limit. Anything ambiguous is refused: a gateway that guesses can be smuggled through.
 */
final class RequestFraming {

    private RequestFraming() {
    }

    /** The failure to answer, or null when the request may go on. */
    static ProxyFailure check(HttpRequest req, long maxBodyBytes) {
        DecoderResult result = req.decoderResult();
        if (result.isFailure()) {
            Throwable cause = result.cause();
            if (cause instanceof TooLongHttpLineException) {
                return ProxyFailure.URI_TOO_LONG;
            }
            if (cause instanceof TooLongHttpHeaderException) {
                return ProxyFailure.HEADERS_TOO_LARGE;
            }
            return ProxyFailure.BAD_REQUEST;
        }
        HttpVersion version = req.protocolVersion();
        if (version.majorVersion() != 1 || version.minorVersion() > 1) {
            return ProxyFailure.VERSION_NOT_SUPPORTED;
        }
        HttpHeaders h = req.headers();
        List<String> te = h.getAll(HttpHeaderNames.TRANSFER_ENCODING);
        if (!te.isEmpty() && (te.size() != 1 || !HttpHeaderValues.CHUNKED.contentEqualsIgnoreCase(te.get(0).trim()))) {
            return ProxyFailure.BAD_REQUEST;
        }
        if (version.minorVersion() == 1 && h.getAll(HttpHeaderNames.HOST).size() != 1) {
            return ProxyFailure.BAD_REQUEST;
        }
        if (maxBodyBytes > 0) {
            String cl = h.get(HttpHeaderNames.CONTENT_LENGTH);
            // The decoder already proved it is a single valid number.
            if (cl != null && Long.parseLong(cl.trim()) > maxBodyBytes) {
                return ProxyFailure.BODY_TOO_LARGE;
            }
        }
        return null;
    }

    /** Whether a body follows the head (Content-Length > 0 or chunked). */
    static boolean hasBody(HttpRequest req) {
        HttpHeaders h = req.headers();
        if (h.contains(HttpHeaderNames.TRANSFER_ENCODING)) {
            return true;
        }
        String cl = h.get(HttpHeaderNames.CONTENT_LENGTH);
        if (cl == null) {
            return false;
        }
        try {
            return Long.parseLong(cl.trim()) > 0;
        } catch (NumberFormatException e) {
            return true;
        }
    }

    /** RFC 9110 §9.2.2: repeating these has the same effect as sending them once. */
    static boolean isIdempotent(HttpMethod method) {
        return method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS
                || method == HttpMethod.TRACE || method == HttpMethod.PUT || method == HttpMethod.DELETE;
    }
}
