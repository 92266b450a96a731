package dev.gatehouse.proxy;

import dev.gatehouse.exchange.PathNormalizer;
import dev.gatehouse.exchange.RequestTarget;
import dev.gatehouse.filter.FilterResult;
import dev.gatehouse.proxy.error.ProxyFailure;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import java.util.Map;

/**
 * Decides whether a request head may be routed at all, before any route or filter sees it: its
 * framing ({@link RequestFraming}), its request-target (the forms RFC 9112 §3.2 allows for its
 * method), the absolute-form authority against {@code Host}, and the path normalised for routing
 * and forwarding. The outcome is exactly one of: a target to route, a failure to answer, or the
 * gateway's own answer ({@code OPTIONS *}).
 *
 * @param target    the normalised target to route and forward, or null
 * @param authority the host the client asked for (absolute-form authority, else {@code Host})
 * @param failure   why the request is refused, or null
 * @param answer    the gateway's own answer, or null
 */
record RequestAdmission(RequestTarget target, String authority, ProxyFailure failure, FilterResult answer) {

    /** What {@code OPTIONS *} gets: the methods the gateway forwards. */
    private static final FilterResult OPTIONS_ASTERISK = FilterResult.reject(HttpResponseStatus.OK, "options-asterisk",
            List.of(Map.entry("Allow", "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS")));

    static RequestAdmission check(HttpRequest req, long maxBodyBytes, PathNormalizer.Mode pathMode) {
        ProxyFailure framing = RequestFraming.check(req, maxBodyBytes);
        if (framing != null) {
            return refused(framing);
        }
        HttpHeaders h = req.headers();
        RequestTarget target = RequestTarget.parse(req.uri());
        if (target != null && target.authority() != null && h.contains(HttpHeaderNames.HOST)
                && !target.authorityMatches(h.get(HttpHeaderNames.HOST))) {
            // Stricter than RFC 9112 §3.2.2 (which says to ignore Host), as HAProxy is: a target and
            // a Host naming two different sites is how a request reaches one through the other.
            return refused(ProxyFailure.HOST_MISMATCH);
        }
        String authority = target != null && target.authority() != null ? target.authority() : h.get(HttpHeaderNames.HOST);
        if (target != null && "*".equals(target.path()) && req.method() == HttpMethod.OPTIONS) {
            // "OPTIONS *" asks about the server itself (RFC 9110 §9.3.7): the gateway answers it.
            return new RequestAdmission(null, authority, null, OPTIONS_ASTERISK);
        }
        // CONNECT (no tunnelling here), authority-form and "*" for other methods: 400.
        // Dot-segments, %2e and repeated slashes are resolved before routing and forwarding;
        // encoded slashes and paths above the root are refused.
        RequestTarget normalised = target == null || req.method() == HttpMethod.CONNECT || "*".equals(target.path())
                ? null : PathNormalizer.apply(target, pathMode);
        if (normalised == null) {
            return refused(ProxyFailure.BAD_REQUEST);
        }
        return new RequestAdmission(normalised, authority, null, null);
    }

    private static RequestAdmission refused(ProxyFailure failure) {
        return new RequestAdmission(null, null, failure, null);
    }
}
