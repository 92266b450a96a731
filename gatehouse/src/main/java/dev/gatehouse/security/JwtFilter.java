package dev.gatehouse.security;

import com.nimbusds.jwt.JWTClaimsSet;
import dev.gatehouse.config.JwtConfig;
import dev.gatehouse.filter.FilterContext;
import dev.gatehouse.filter.FilterResult;
import dev.gatehouse.filter.RequestFilter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.AsciiString;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * JWT bearer authentication of a route ({@code Authorization: Bearer <token>}).
 *
 * <p>No token: 401 with {@code WWW-Authenticate: Bearer} ({@code auth-missing}). A token that
 * fails verification (signature, algorithm, expiry, issuer, audience, required claims): 401 with
 * {@code WWW-Authenticate: Bearer error="invalid_token"} ({@code auth-invalid}). A valid token
 * without a value the route requires ({@code require}): 403 ({@code auth-forbidden}). Otherwise
 * the identity is the {@code sub} claim and the chosen claims are forwarded as headers; the
 * {@code Authorization} header itself is forwarded unchanged.
 */
final class JwtFilter implements RequestFilter {

    private static final FilterResult MISSING = FilterResult.reject(HttpResponseStatus.UNAUTHORIZED,
            ApiKeyFilter.MISSING, List.of(Map.entry("WWW-Authenticate", "Bearer")));
    private static final FilterResult INVALID = FilterResult.reject(HttpResponseStatus.UNAUTHORIZED,
            ApiKeyFilter.INVALID, List.of(Map.entry("WWW-Authenticate", "Bearer error=\"invalid_token\"")));
    private static final FilterResult FORBIDDEN = FilterResult.reject(HttpResponseStatus.FORBIDDEN,
            ApiKeyFilter.FORBIDDEN, List.of(Map.entry("WWW-Authenticate", "Bearer error=\"insufficient_scope\"")));

    private final JwtVerifier verifier;
    private final String[] claims;
    private final AsciiString[] headers;

    JwtFilter(JwtConfig config, Clock clock) {
        this.verifier = new JwtVerifier(config, clock);
        this.claims = config.forwardClaims().keySet().toArray(String[]::new);
        this.headers = new AsciiString[claims.length];
        for (int i = 0; i < claims.length; i++) {
            headers[i] = AsciiString.cached(config.forwardClaims().get(claims[i]));
        }
    }

    @Override
    public String name() {
        return "jwt";
    }

    @Override
    public FilterResult onRequest(FilterContext context) {
        String authorization = context.headers().get(HttpHeaderNames.AUTHORIZATION);
        String token = bearerToken(authorization);
        if (token == null) {
            return authorization == null ? MISSING : INVALID;
        }
        JWTClaimsSet verified;
        try {
            verified = verifier.verify(token);
        } catch (JwtVerifier.InvalidTokenException e) {
            return INVALID;
        }
        if (!verifier.admits(verified)) {
            return FORBIDDEN;
        }
        context.setIdentity(verified.getSubject());
        for (int i = 0; i < claims.length; i++) {
            String value = headerValue(verified.getClaim(claims[i]));
            if (value != null) {
                context.headers().set(headers[i], value);
            }
        }
        return FilterResult.CONTINUE;
    }

    /** The token of {@code Bearer <token>} (scheme case-insensitive, RFC 6750 §2.1), or null. */
    static String bearerToken(String authorization) {
        if (authorization == null || authorization.length() < 8
                || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = authorization.substring(7).strip();
        return token.isEmpty() ? null : token;
    }

    /** A claim as a header value (lists joined by commas), or null when absent or not safe in a header. */
    static String headerValue(Object claim) {
        if (claim == null) {
            return null;
        }
        String value = claim instanceof List<?> list
                ? String.join(",", list.stream().map(String::valueOf).toList())
                : claim.toString();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 && c != '\t' || c == 0x7F || c > 0xFF) {
                return null;
            }
        }
        return value;
    }
}
