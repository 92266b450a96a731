package dev.gatehouse.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;
import java.util.Locale;

/**
 * Decides whether a request may switch protocols through the gateway (RFC 9110 §7.8), and whether
 * a backend's {@code 101 Switching Protocols} answers what was asked. Everything else about an
 * {@code Upgrade} header is refused by leaving it out: the header is hop-by-hop and stripped.
 */
final class UpgradeRequest {

    /** HTTP/2 over cleartext: tunnelled, it would speak to the backend past every check made here. */
    private static final String H2C = "h2c";

    private UpgradeRequest() {
    }

    /**
     * Whether the edge holds back the bytes after this request's head until it is answered: the
     * head has an {@code Upgrade} field and no body follows it (the edge's scanner decides the same
     * on the raw bytes).
     */
    static boolean holdsFollowingBytes(HttpRequest req) {
        return req.headers().contains(HttpHeaderNames.UPGRADE) && !RequestFraming.hasBody(req);
    }

    /**
     * The protocol to ask the backend for: the first one the client lists that the route allows
     * ({@code allowed}: lower-case), or null when the request may not switch at all: not HTTP/1.1,
     * a body (its end and the tunnel's start would be ambiguous), no {@code upgrade} connection
     * option, nothing allowed, or only {@code h2c}.
     */
    static String protocolToForward(HttpRequest req, List<String> allowed) {
        HttpHeaders h = req.headers();
        if (allowed.isEmpty() || !h.contains(HttpHeaderNames.UPGRADE) || !req.protocolVersion().equals(HttpVersion.HTTP_1_1)
                || RequestFraming.hasBody(req)
                || !h.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)) {
            return null;
        }
        for (String value : h.getAll(HttpHeaderNames.UPGRADE)) {
            for (String item : value.split(",")) {
                String protocol = item.strip().toLowerCase(Locale.ROOT);
                if (!protocol.equals(H2C) && !protocol.startsWith(H2C + "/") && allowed.contains(protocol)) {
                    return protocol;
                }
            }
        }
        return null;
    }

    /** Asks the backend to switch to {@code protocol} (after the hop-by-hop headers were stripped). */
    static void forward(HttpHeaders h, String protocol) {
        h.set(HttpHeaderNames.UPGRADE, protocol);
        h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
    }

    /** Whether a 101 from the backend switches to exactly the protocol that was asked for. */
    static boolean accepts(HttpResponse response, String protocol) {
        List<String> values = response.headers().getAll(HttpHeaderNames.UPGRADE);
        return values.size() == 1 && values.get(0).strip().equalsIgnoreCase(protocol);
    }
}
