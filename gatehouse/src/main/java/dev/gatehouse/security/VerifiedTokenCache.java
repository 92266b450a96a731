package dev.gatehouse.security;

import com.nimbusds.jwt.JWTClaimsSet;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The claims of tokens one verifier has already found valid, so that a client sending the same
 * bearer token on every request pays for parsing and the signature once (as Envoy's
 * {@code jwt_cache_config} does). Keyed by the exact token text: the same bytes carry the same
 * signature. Time-dependent checks ({@code exp}, {@code nbf}) are not cached: the verifier
 * repeats them on every hit.
 *
 * <p>Each thread (event loop) has its own small least-recently-used map, so lookups take no lock
 * and loops never contend; memory is bounded by {@link #ENTRIES_PER_THREAD} tokens of at most
 * {@link #MAX_TOKEN_LENGTH} characters per thread. The cache belongs to one verifier, which is
 * rebuilt on every config compile, so new keys never meet claims verified under old ones.
 */
final class VerifiedTokenCache {

    /** Tokens kept per thread. */
    static final int ENTRIES_PER_THREAD = 1024;
    /** Longer tokens are verified every time rather than held. */
    static final int MAX_TOKEN_LENGTH = 2048;

    private final FastThreadLocal<Map<String, JWTClaimsSet>> local = new FastThreadLocal<>() {
        @Override
        protected Map<String, JWTClaimsSet> initialValue() {
            return new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, JWTClaimsSet> eldest) {
                    return size() > ENTRIES_PER_THREAD;
                }
            };
        }
    };

    /** The claims of {@code token} if this thread verified it before, else null. */
    JWTClaimsSet get(String token) {
        return token.length() > MAX_TOKEN_LENGTH ? null : local.get().get(token);
    }

    /** Remembers that {@code token} verified, with these claims. */
    void put(String token, JWTClaimsSet claims) {
        if (token.length() <= MAX_TOKEN_LENGTH) {
            local.get().put(token, claims);
        }
    }

    /** Forgets {@code token} (it expired). */
    void remove(String token) {
        local.get().remove(token);
    }
}
