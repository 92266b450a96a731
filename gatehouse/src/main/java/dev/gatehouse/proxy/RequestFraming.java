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
        // RFC 9112 §3.2: HTTP/1.1 needs exactly one Host; no version may send two or a bad one.
        List<String> hosts = h.getAll(HttpHeaderNames.HOST);
        if (hosts.size() > 1 || (hosts.isEmpty() && version.minorVersion() == 1)
                || (hosts.size() == 1 && !isValidHost(hosts.get(0)))) {
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

    /**
     * {@code uri-host [ ":" port ]} (RFC 9110 §7.2), held to what real host names use: a DNS-style
     * name or IPv4 address (letters, digits, '-', '.', '_'), or a bracketed IPv6 literal, then an
     * optional port of 1-5 digits, or empty. Userinfo, spaces, lists and paths are refused.
     */
    static boolean isValidHost(String host) {
        int n = host.length();
        if (n == 0) {
            return true; // RFC 9112 §3.2: an empty Host is how a target without authority is sent
        }
        if (n > 255 + 6) {
            return false;
        }
        int i = 0;
        if (host.charAt(0) == '[') {
            int close = host.indexOf(']');
            if (close < 3) {
                return false;
            }
            for (i = 1; i < close; i++) {
                char c = host.charAt(i);
                boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
                        || c == ':' || c == '.';
                if (!ok) {
                    return false;
                }
            }
            i = close + 1;
        } else {
            while (i < n && host.charAt(i) != ':') {
                char c = host.charAt(i);
                boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                        || c == '-' || c == '.' || c == '_';
                if (!ok) {
                    return false;
                }
                i++;
            }
            if (i == 0) {
                return false;
            }
        }
        if (i == n) {
            return true;
        }
        if (host.charAt(i) != ':') {
            return false;
        }
        int digits = n - i - 1;
        if (digits < 1 || digits > 5) {
            return false;
        }
        for (int d = i + 1; d < n; d++) {
            char c = host.charAt(d);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
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
