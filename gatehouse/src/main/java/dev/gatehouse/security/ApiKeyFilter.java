package dev.gatehouse.security;

import dev.gatehouse.config.ApiKeysConfig;
import dev.gatehouse.filter.FilterContext;
import dev.gatehouse.filter.FilterResult;
import dev.gatehouse.filter.RequestFilter;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.AsciiString;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * API key authentication of a route: the key (from a header or a query parameter) is hashed with
 * SHA-256 and compared in constant time with every known key's hash. A known key sets the
 * identity to its name, forwarded as {@code X-Auth-Key}; the key itself (as a header) is not
 * forwarded.
 *
 * <p>Missing key: 401 with {@code WWW-Authenticate: ApiKey} ({@code auth-missing}); unknown key:
 * 401 ({@code auth-invalid}); a known key the route does not admit: 403 ({@code auth-forbidden}).
 */
final class ApiKeyFilter implements RequestFilter {

    static final String MISSING = "auth-missing";
    static final String INVALID = "auth-invalid";
    static final String FORBIDDEN = "auth-forbidden";

    private static final List<Map.Entry<String, String>> CHALLENGE = List.of(Map.entry("WWW-Authenticate", "ApiKey"));
    private static final FilterResult MISSING_RESULT = FilterResult.reject(HttpResponseStatus.UNAUTHORIZED, MISSING, CHALLENGE);
    private static final FilterResult INVALID_RESULT = FilterResult.reject(HttpResponseStatus.UNAUTHORIZED, INVALID, CHALLENGE);
    private static final FilterResult FORBIDDEN_RESULT = FilterResult.reject(HttpResponseStatus.FORBIDDEN, FORBIDDEN);
    private static final AsciiString X_AUTH_KEY = AsciiString.cached(IdentityHeadersFilter.X_AUTH_KEY);

    /** One digest per event loop thread: MessageDigest is not thread-safe and costly to look up. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(ApiKeyFilter::newDigest);

    private final AsciiString header;
    private final String query;
    private final String[] names;
    private final byte[][] digests;
    private final boolean[] admitted;

    ApiKeyFilter(ApiKeysConfig config) {
        this.header = config.header() == null ? null : AsciiString.cached(config.header());
        this.query = config.query();
        int n = config.keys().size();
        names = new String[n];
        digests = new byte[n][];
        admitted = new boolean[n];
        Set<String> allow = Set.copyOf(config.allow());
        for (int i = 0; i < n; i++) {
            ApiKeysConfig.Key key = config.keys().get(i);
            names[i] = key.name();
            digests[i] = HexFormat.of().parseHex(key.sha256());
            admitted[i] = allow.isEmpty() || allow.contains(key.name());
        }
    }

    @Override
    public String name() {
        return "api-key";
    }

    @Override
    public FilterResult onRequest(FilterContext context) {
        String presented;
        if (header != null) {
            presented = context.headers().get(header);
            context.headers().remove(header);
        } else {
            presented = queryParameter(context.uri(), query);
        }
        if (presented == null || presented.isEmpty()) {
            return MISSING_RESULT;
        }
        int match = find(presented);
        if (match < 0) {
            return INVALID_RESULT;
        }
        if (!admitted[match]) {
            return FORBIDDEN_RESULT;
        }
        context.setIdentity(names[match]);
        context.headers().set(X_AUTH_KEY, names[match]);
        return FilterResult.CONTINUE;
    }

    /**
     * The index of the key whose hash is {@code presented}'s, or -1. Every stored digest is
     * compared, in constant time each, so timing says nothing about which key came close.
     */
    int find(String presented) {
        MessageDigest sha = SHA256.get();
        byte[] digest = sha.digest(presented.getBytes(StandardCharsets.UTF_8));
        int found = -1;
        for (int i = 0; i < digests.length; i++) {
            if (MessageDigest.isEqual(digest, digests[i]) && found < 0) {
                found = i;
            }
        }
        return found;
    }

    /** The first value of query parameter {@code name} in {@code uri}, decoded; null when absent. */
    static String queryParameter(String uri, String name) {
        int q = uri.indexOf('?');
        if (q < 0) {
            return null;
        }
        List<String> values = new QueryStringDecoder(uri).parameters().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The lower-case hex SHA-256 of {@code key}'s UTF-8 bytes: what the config stores. */
    static String sha256Hex(String key) {
        return HexFormat.of().formatHex(newDigest().digest(key.getBytes(StandardCharsets.UTF_8)));
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
