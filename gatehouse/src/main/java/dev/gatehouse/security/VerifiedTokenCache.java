package dev.gatehouse.security;

import com.nimbusds.jwt.JWTClaimsSet;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The claims of tokens one verifier has already found valid, so that a client sending the same
 * bearer token on every request pays for parsing and the signature once (as Envoy's
 * {@code jwt_cache_config} does). Keyed by the exact token text: the same bytes carry the same
 * signature. Time-dependent checks ({@code exp}, {@code nbf}) are not cached: the verifier
 * repeats them on every hit.
 *
 * <p>Shared by the event loops: lookups are lock-free reads, and writes happen only for a token
 * not seen before. Bounded: at most {@link #MAX_ENTRIES} tokens of at most
 * {@link #MAX_TOKEN_LENGTH} characters; when full it starts afresh (only tokens that verified get
 * in, so filling it takes that many genuinely issued tokens, and the price of a reset is one
 * verification each). The cache belongs to one verifier, rebuilt on every config compile, so
 * new keys never meet claims verified under old ones and a reload frees the old cache.
 */
final class VerifiedTokenCache {

    /** Tokens kept at most. */
    static final int MAX_ENTRIES = 4096;
    /** Longer tokens are verified every time rather than held. */
    static final int MAX_TOKEN_LENGTH = 2048;

    private final Map<String, JWTClaimsSet> verified = new ConcurrentHashMap<>();

    /** The claims of {@code token} if it verified before, else null. */
    JWTClaimsSet get(String token) {
        return token.length() > MAX_TOKEN_LENGTH ? null : verified.get(token);
    }

    /** Remembers that {@code token} verified, with these claims. */
    void put(String token, JWTClaimsSet claims) {
        if (token.length() > MAX_TOKEN_LENGTH) {
            return;
        }
        if (verified.size() >= MAX_ENTRIES) {
            verified.clear();
        }
        verified.put(token, claims);
    }

    /** Forgets {@code token} (it expired). */
    void remove(String token) {
        verified.remove(token);
    }
}
