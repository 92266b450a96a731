package dev.gatehouse.exchange;

/**
 * A request-target split for routing and forwarding: the host it names (absolute-form only),
 * the origin-form to send upstream, and the path without query.
 *
 * @param authority the host[:port] of an absolute-form target, else null
 * @param originForm the path and query, as forwarded upstream
 * @param path       the path alone, used for routing
 */
public record RequestTarget(String authority, String originForm, String path) {

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
        if (!scheme.equalsIgnoreCase("http") && !scheme.equalsIgnoreCase("https")) {
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
        return new RequestTarget(authority, origin, pathOf(origin, 0));
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
