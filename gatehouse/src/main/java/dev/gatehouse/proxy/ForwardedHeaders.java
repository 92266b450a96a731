package dev.gatehouse.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.util.List;
import java.util.function.Predicate;

/**
 * Tells the backend what the gateway saw: {@code X-Forwarded-For} (client address appended),
 * {@code X-Forwarded-Proto}, {@code X-Forwarded-Host} (the host the client asked for) and
 * {@code Via}.
 */
final class ForwardedHeaders {

    static final AsciiString X_FORWARDED_FOR = AsciiString.cached("x-forwarded-for");
    static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("x-forwarded-proto");
    static final AsciiString X_FORWARDED_HOST = AsciiString.cached("x-forwarded-host");
    static final AsciiString FORWARDED = AsciiString.cached("forwarded");
    static final String VIA_VALUE = "1.1 gatehouse";

    private ForwardedHeaders() {
    }

    /**
     * Sets the forwarded headers. What the peer said about earlier hops is kept only when it is a
     * trusted proxy: otherwise its {@code X-Forwarded-For}, {@code X-Forwarded-Proto} and
     * {@code Forwarded} are replaced, so a client cannot pass for another address.
     *
     * @param clientIp    the peer's address as text (appended to the chain)
     * @param scheme      {@code http} or {@code https}, as the client connected
     * @param host        the Host the client sent (or of its absolute-form target), or null
     * @param fromTrusted whether the peer is one of the listener's trusted proxies
     */
    static void apply(HttpHeaders h, String clientIp, String scheme, String host, boolean fromTrusted) {
        if (!fromTrusted) {
            h.remove(X_FORWARDED_FOR);
            h.remove(FORWARDED);
        }
        h.set(X_FORWARDED_FOR, appended(h, X_FORWARDED_FOR, clientIp));
        if (!fromTrusted || !h.contains(X_FORWARDED_PROTO)) {
            // A trusted proxy (a TLS terminator, say) knows the client's scheme better than we do.
            h.set(X_FORWARDED_PROTO, scheme);
        }
        if (host != null) {
            h.set(X_FORWARDED_HOST, host);
        } else {
            h.remove(X_FORWARDED_HOST);
        }
        appendVia(h);
    }

    /**
     * The client's address behind trusted proxies: the right-most address of the incoming
     * {@code X-Forwarded-For} that is not itself a trusted proxy (each hop appends the address it
     * saw, so only what our trusted proxies appended can be believed). Returns {@code peer} when
     * there is no such header; the left-most address when every hop is trusted; the last trusted
     * hop when an entry is not an IP address. Call only when {@code peer} is trusted.
     */
    static InetAddress clientBehindProxies(HttpHeaders h, InetAddress peer, Predicate<InetAddress> trusted) {
        List<String> values = h.getAll(X_FORWARDED_FOR);
        InetAddress client = peer;
        for (int v = values.size() - 1; v >= 0; v--) {
            String[] hops = values.get(v).split(",");
            for (int i = hops.length - 1; i >= 0; i--) {
                String hop = hops[i].strip();
                if (hop.isEmpty()) {
                    continue;
                }
                InetAddress address = parseHop(hop);
                if (address == null) {
                    return client;
                }
                client = address;
                if (!trusted.test(address)) {
                    return address;
                }
            }
        }
        return client;
    }

    /** An X-Forwarded-For entry: {@code 1.2.3.4}, {@code 1.2.3.4:80}, {@code ::1} or {@code [::1]:80}; null if none. */
    private static InetAddress parseHop(String hop) {
        String text = hop;
        if (text.startsWith("[")) {
            int end = text.indexOf(']');
            text = end < 0 ? "" : text.substring(1, end);
        } else if (text.indexOf(':') > 0 && text.indexOf(':') == text.lastIndexOf(':')) {
            text = text.substring(0, text.indexOf(':'));
        }
        // A literal only: NetUtil never asks DNS.
        return NetUtil.createInetAddressFromIpAddressString(text);
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
