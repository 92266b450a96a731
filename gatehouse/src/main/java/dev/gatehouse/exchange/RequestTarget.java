package dev.gatehouse.exchange;

/**
 * A request-target split for routing and forwarding: the host it names (absolute-form only),
 * the origin-form to send upstream, and the path without query.
 *
 * @param authority   the host[:port] of an absolute-form target, else null
 * @param originForm  the path and query, as forwarded upstream
 * @param path        the path alone, used for routing
 * @param defaultPort the port the target's scheme implies (80 for http, 443 for https) when its
 *                    authority names none; 0 without authority
 */
public record RequestTarget(String authority, String originForm, String path, int defaultPort) {

    /** A target without authority (origin-form or "*"). */
    public RequestTarget(String authority, String originForm, String path) {
        this(authority, originForm, path, 0);
    }

    /** Splits {@code uri}; returns null for a target that is neither origin-form nor absolute-form nor "*". */
    public static RequestTarget parse(String uri) {
        if (uri.isEmpty()) {
            return null;
        }
        char first = uri.charAt(0);
        if (first == '/') {
            return new RequestTarget(null, uri, pathOf(uri, 0));
        }
        if (uri.equals("*")) {
            return new RequestTarget(null, uri, "*");
        }
        int schemeEnd = uri.indexOf("://");
        if (schemeEnd <= 0) {
            return null;
        }
        String scheme = uri.substring(0, schemeEnd);
        int defaultPort;
        if (scheme.equalsIgnoreCase("http")) {
            defaultPort = 80;
        } else if (scheme.equalsIgnoreCase("https")) {
            defaultPort = 443;
        } else {
            return null;
        }
        int authorityStart = schemeEnd + 3;
        int pathStart = authorityStart;
        while (pathStart < uri.length() && "/?#".indexOf(uri.charAt(pathStart)) < 0) {
            pathStart++;
        }
        String authority = uri.substring(authorityStart, pathStart);
        if (authority.isEmpty() || authority.indexOf('@') >= 0) {
            return null; // userinfo in a request target is a known spoofing vector
        }
        String rest = uri.substring(pathStart);
        String origin = rest.isEmpty() || rest.charAt(0) != '/' ? "/" + rest : rest;
        return new RequestTarget(authority, origin, pathOf(origin, 0), defaultPort);
    }

    /**
     * Whether {@code host} (a {@code Host} header value) names the same authority as this
     * absolute-form target: the host compared case-insensitively, a missing port taken as the
     * scheme's default ({@code a.example} is {@code a.example:80} for http). False for a target
     * without authority or a null host.
     */
    public boolean authorityMatches(String host) {
        if (authority == null || host == null) {
            return false;
        }
        String targetHost = hostWithoutPort(authority);
        int port = portOf(authority, defaultPort);
        return targetHost != null && targetHost.equals(hostWithoutPort(host)) && port > 0
                && port == portOf(host, defaultPort);
    }

    /** The port of {@code host[:port]}, {@code defaultPort} when none is given, -1 when it is not a number. */
    private static int portOf(String authority, int defaultPort) {
        int hostEnd = authority.charAt(0) == '[' ? authority.indexOf(']') + 1 : 0;
        int colon = authority.indexOf(':', hostEnd);
        if (colon < 0 || colon == authority.length() - 1) {
            // "a.example:" has an empty port, which RFC 3986 §6.2.3 makes the default one.
            return defaultPort;
        }
        if (authority.length() - colon - 1 > 5) {
            return -1;
        }
        int port = 0;
        for (int i = colon + 1; i < authority.length(); i++) {
            char c = authority.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            port = port * 10 + (c - '0');
        }
        return port;
    }

    private static String pathOf(String uri, int from) {
        for (int i = from; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c == '?' || c == '#') {
                return uri.substring(from, i);
            }
        }
        return from == 0 ? uri : uri.substring(from);
    }

    /** The host of a {@code Host} header or authority, without port, lower-case; null if empty. */
    public static String hostWithoutPort(String authority) {
        if (authority == null || authority.isEmpty()) {
            return null;
        }
        int end;
        if (authority.charAt(0) == '[') {
            int close = authority.indexOf(']');
            end = close < 0 ? authority.length() : close + 1;
        } else {
            int colon = authority.indexOf(':');
            end = colon < 0 ? authority.length() : colon;
        }
        if (end == 0) {
            return null;
        }
        String host = end == authority.length() ? authority : authority.substring(0, end);
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                return host.toLowerCase(java.util.Locale.ROOT);
            }
        }
        return host;
    }
}
