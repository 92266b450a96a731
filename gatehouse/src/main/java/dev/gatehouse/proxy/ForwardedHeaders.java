package dev.gatehouse.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;

/**
 * Tells the backend what the gateway saw: {@code X-Forwarded-For} (client address appended),
 * {@code X-Forwarded-Proto}, {@code X-Forwarded-Host} (the host the client asked for) and
 * {@code Via}.
 */
final class ForwardedHeaders {

    static final AsciiString X_FORWARDED_FOR = AsciiString.cached("x-forwarded-for");
    static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("x-forwarded-proto");
    static final AsciiString X_FORWARDED_HOST = AsciiString.cached("x-forwarded-host");
    static final String VIA_VALUE = "1.1 gatehouse";

    private ForwardedHeaders() {
    }

    /**
     * @param clientIp the peer's address as text
     * @param scheme   {@code http} or {@code https}, as the client connected
     * @param host     the Host the client sent (or of its absolute-form target), or null
     */
    static void apply(HttpHeaders h, String clientIp, String scheme, String host) {
        String xff = h.get(X_FORWARDED_FOR);
        h.set(X_FORWARDED_FOR, xff == null || xff.isEmpty() ? clientIp : xff + ", " + clientIp);
        h.set(X_FORWARDED_PROTO, scheme);
        if (host != null) {
            h.set(X_FORWARDED_HOST, host);
        } else {
            h.remove(X_FORWARDED_HOST);
        }
        appendVia(h);
    }

    static void appendVia(HttpHeaders h) {
        String via = h.get(HttpHeaderNames.VIA);
        h.set(HttpHeaderNames.VIA, via == null || via.isEmpty() ? VIA_VALUE : via + ", " + VIA_VALUE);
    }
}
