package dev.gatehouse.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import org.junit.jupiter.api.Test;

class VerifiedTokenCacheTest {

    private final JWTClaimsSet claims = new JWTClaimsSet.Builder().subject("alice").build();

    @Test
    void aRememberedTokenIsFound_untilRemoved() {
        VerifiedTokenCache cache = new VerifiedTokenCache();
        cache.put("a.b.c", claims);

        assertThat(cache.get("a.b.c")).isSameAs(claims);
        assertThat(cache.get("a.b.d")).isNull();
        cache.remove("a.b.c");
        assertThat(cache.get("a.b.c")).isNull();
    }

    @Test
    void fullCacheStartsAfresh_soItNeverHoldsMoreThanItsBound() {
        VerifiedTokenCache cache = new VerifiedTokenCache();
        for (int i = 0; i < VerifiedTokenCache.MAX_ENTRIES; i++) {
            cache.put("token-" + i, claims);
        }
        assertThat(cache.get("token-0")).isNotNull();

        cache.put("one-more", claims);

        assertThat(cache.get("token-0")).isNull();
        assertThat(cache.get("token-" + (VerifiedTokenCache.MAX_ENTRIES - 1))).isNull();
        assertThat(cache.get("one-more")).isSameAs(claims);
    }

    @Test
    void overLongTokensAreNeverHeld() {
        VerifiedTokenCache cache = new VerifiedTokenCache();
        String longToken = "x".repeat(VerifiedTokenCache.MAX_TOKEN_LENGTH + 1);

        cache.put(longToken, claims);

        assertThat(cache.get(longToken)).isNull();
    }
}
