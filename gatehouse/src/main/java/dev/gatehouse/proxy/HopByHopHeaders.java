package dev.gatehouse.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.List;

/**
 * Removes the headers that describe one connection rather than the message (RFC 9110 §7.6.1):
 * the fixed hop-by-hop set and every header a {@code Connection} header names, except the
 * end-to-end framing and routing headers, which no connection option may remove.
 */
final class HopByHopHeaders {

    private static final AsciiString KEEP_ALIVE = AsciiString.cached("keep-alive");
    private static final AsciiString PROXY_CONNECTION = AsciiString.cached("proxy-connection");
    private static final AsciiString[] FIXED = {
        HttpHeaderNames.CONNECTION, KEEP_ALIVE, PROXY_CONNECTION, HttpHeaderNames.TE, HttpHeaderNames.TRAILER,
        HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderNames.UPGRADE, HttpHeaderNames.PROXY_AUTHENTICATE,
        HttpHeaderNames.PROXY_AUTHORIZATION,
    };

    private static final AsciiString[] PROTECTED = {
        HttpHeaderNames.CONTENT_LENGTH, HttpHeaderNames.HOST, HttpHeaderNames.CONTENT_TYPE,
        HttpHeaderNames.CONTENT_ENCODING,
    };

    private HopByHopHeaders() {
    }

    private static boolean isProtected(String name) {
        for (AsciiString p : PROTECTED) {
            if (p.contentEqualsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    static void strip(HttpHeaders headers) {
        if (headers.contains(HttpHeaderNames.CONNECTION)) {
            List<String> values = headers.getAll(HttpHeaderNames.CONNECTION);
            for (int v = 0; v < values.size(); v++) {
                removeNamed(headers, values.get(v));
            }
        }
        for (AsciiString name : FIXED) {
            headers.remove(name);
        }
    }

    private static void removeNamed(HttpHeaders headers, String list) {
        int start = 0;
        int n = list.length();
        while (start < n) {
            int comma = list.indexOf(',', start);
            int end = comma < 0 ? n : comma;
            int s = start;
            int e = end;
            while (s < e && (list.charAt(s) == ' ' || list.charAt(s) == '\t')) {
                s++;
            }
            while (e > s && (list.charAt(e - 1) == ' ' || list.charAt(e - 1) == '\t')) {
                e--;
            }
            if (e > s) {
                String name = list.substring(s, e);
                // "Connection: close/keep-alive" are options, not header names; removing them is harmless.
                // Framing and routing headers are never connection options: honouring
                // "Connection: content-length" would strip the length after the body was framed by
                // it, and the backend would take the body for a second request.
                if (!isProtected(name)) {
                    headers.remove(name);
                }
            }
            start = end + 1;
        }
    }
}
