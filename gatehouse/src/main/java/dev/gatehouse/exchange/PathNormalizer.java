package dev.gatehouse.exchange;

/**
 * Brings a request path to the one form routing, access rules and the backend all agree on, so a
 * prefix route (and its ACL) cannot be escaped by spelling: percent-encoded unreserved-dot
 * ({@code %2e}) is decoded, dot-segments are removed (RFC 3986 §5.2.4) and repeated slashes
 * merged. In {@link Mode#REJECT} any of these makes the request invalid instead.
 *
 * <p>Always refused, in both modes: an encoded slash or backslash ({@code %2F}, {@code %5C}) and a
 * raw backslash — decoding would change the path's segments for one reader and not another, and
 * keeping them lets {@code /api/..%2Fadmin} mean {@code /admin} to a backend that decodes; a
 * path climbing above the root ({@code /../x}); NUL ({@code %00}); and a malformed escape.
 * Other escapes are left as they are. Allocates only when a path actually changes.
 */
public final class PathNormalizer {

    /** What a listener does with a path that is not already normal. */
    public enum Mode { NORMALIZE, REJECT }

    private PathNormalizer() {
    }

    /** The normal form of {@code path} (which starts with '/'), or null if it must be refused. */
    public static String normalize(String path, Mode mode) {
        int n = path.length();
        if (n == 0 || path.charAt(0) != '/') {
            return null;
        }
        boolean plain = true;
        for (int i = 0; i < n; i++) {
            char c = path.charAt(i);
            if (c == '\\') {
                return null;
            }
            if (c == '%') {
                if (i + 2 >= n || hex(path.charAt(i + 1)) < 0 || hex(path.charAt(i + 2)) < 0) {
                    return null;
                }
                int v = hex(path.charAt(i + 1)) << 4 | hex(path.charAt(i + 2));
                if (v == '/' || v == '\\' || v == 0) {
                    return null;
                }
                if (v == '.') {
                    plain = false;
                }
            } else if (c == '/' && i + 1 < n && path.charAt(i + 1) == '/') {
                plain = false;
            } else if (c == '.' && path.charAt(i - 1) == '/'
                    && (i + 1 == n || path.charAt(i + 1) == '/'
                        || (path.charAt(i + 1) == '.' && (i + 2 == n || path.charAt(i + 2) == '/')))) {
                plain = false;
            }
        }
        if (plain) {
            return path;
        }
        if (mode == Mode.REJECT) {
            return null;
        }
        String decoded = path.indexOf('%') >= 0 ? decodeDots(path) : path;
        return removeDotSegments(decoded);
    }

    /**
     * {@code target} with its path normalised (the query kept as it is), the same instance when
     * nothing changes, or null when it must be refused.
     */
    public static RequestTarget apply(RequestTarget target, Mode mode) {
        String path = target.path();
        String normal = normalize(path, mode);
        if (normal == null) {
            return null;
        }
        if (normal == path) {
            return target;
        }
        String rest = target.originForm().substring(path.length());
        return new RequestTarget(target.authority(), normal + rest, normal, target.defaultPort());
    }

    private static String decodeDots(String path) {
        StringBuilder sb = new StringBuilder(path.length());
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '%' && path.charAt(i + 1) == '2' && (path.charAt(i + 2) == 'e' || path.charAt(i + 2) == 'E')) {
                sb.append('.');
                i += 2;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** RFC 3986 §5.2.4 over segments, with empty segments (repeated slashes) dropped; null above root. */
    private static String removeDotSegments(String path) {
        int n = path.length();
        String[] out = new String[n];
        int depth = 0;
        boolean trailingSlash = false;
        int i = 1;
        while (i <= n) {
            int end = path.indexOf('/', i);
            if (end < 0) {
                end = n;
            }
            String seg = path.substring(i, end);
            boolean last = end >= n;
            if (seg.equals("..")) {
                if (depth == 0) {
                    return null;
                }
                depth--;
                trailingSlash = true;
            } else if (seg.equals(".") || seg.isEmpty()) {
                trailingSlash = true;
            } else {
                out[depth++] = seg;
                trailingSlash = false;
            }
            if (last) {
                break;
            }
            i = end + 1;
        }
        StringBuilder sb = new StringBuilder(n);
        for (int s = 0; s < depth; s++) {
            sb.append('/').append(out[s]);
        }
        if (depth == 0 || trailingSlash) {
            sb.append('/');
        }
        return sb.toString();
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}
