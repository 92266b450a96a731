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
        h.set(X_FORWARDED_FOR, appended(h, X_FORWARDED_FOR, clientIp));
        h.set(X_FORWARDED_PROTO, scheme);
        if (host != null) {
            h.set(X_FORWARDED_HOST, host);
        } else {
            h.remove(X_FORWARDED_HOST);
        }
        appendVia(h);
    }

    static void appendVia(HttpHeaders h) {
        h.set(HttpHeaderNames.VIA, appended(h, HttpHeaderNames.VIA, VIA_VALUE));
    }

    /** Every value of list header {@code name} (repeated lines are one list, RFC 9110 §5.3), then {@code value}. */
    private static String appended(HttpHeaders h, AsciiString name, String value) {
        String first = h.get(name);
        if (first == null) {
            return value;
        }
        StringBuilder all = new StringBuilder(first.length() + value.length() + 2);
        for (String v : h.getAll(name)) {
            if (!v.isEmpty()) {
                if (all.length() > 0) {
                    all.append(", ");
                }
                all.append(v);
            }
        }
        return all.length() == 0 ? value : all.append(", ").append(value).toString();
    }
}
