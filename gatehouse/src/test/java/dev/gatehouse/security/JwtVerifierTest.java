package dev.gatehouse.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.config.JwtConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JwtVerifierTest {

    static final String SECRET = "0123456789abcdef0123456789abcdef";
    static final Instant NOW = Instant.parse("2026-01-31T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    static JwtConfig config(List<String> algs, String secret, String pem, Map<String, String> require) {
        return new JwtConfig("https://id.example.com", "api", algs, secret, pem, null, Duration.ofSeconds(30),
                List.of("sub"), require, Map.of("sub", "X-Auth-Subject"));
    }

    static JWTClaimsSet.Builder claims(Instant now) {
        return new JWTClaimsSet.Builder().issuer("https://id.example.com").audience("api").subject("alice")
                .expirationTime(Date.from(now.plusSeconds(300))).notBeforeTime(Date.from(now.minusSeconds(10)));
    }

    static String sign(JWSSigner signer, JWSAlgorithm alg, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader(alg), claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    static String pem(java.security.PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }

    private final JwtVerifier hs = new JwtVerifier(config(List.of("HS256"), SECRET, null, Map.of()), CLOCK);

    @Test
    void hs256ValidTokenPasses() throws Exception {
        JWTClaimsSet verified = hs.verify(sign(new MACSigner(SECRET), JWSAlgorithm.HS256, claims(NOW).build()));
        assertThat(verified.getSubject()).isEqualTo("alice");
    }

    @Test
    void rs256AndEs256ValidTokensPass_withTheirPublicKeys() throws Exception {
        RSAKey rsa = new RSAKeyGenerator(2048).generate();
        JwtVerifier rs = new JwtVerifier(config(List.of("RS256"), null, pem(rsa.toRSAPublicKey()), Map.of()), CLOCK);
        assertThat(rs.verify(sign(new RSASSASigner(rsa), JWSAlgorithm.RS256, claims(NOW).build())).getSubject())
                .isEqualTo("alice");

        ECKey ec = new ECKeyGenerator(Curve.P_256).generate();
        JwtVerifier es = new JwtVerifier(config(List.of("ES256"), null, pem(ec.toECPublicKey()), Map.of()), CLOCK);
        assertThat(es.verify(sign(new ECDSASigner(ec), JWSAlgorithm.ES256, claims(NOW).build())).getSubject())
                .isEqualTo("alice");
    }

    @Test
    void expiredBeyondTheSkew_refused_withinTheSkew_accepted() throws Exception {
        MACSigner signer = new MACSigner(SECRET);
        String expired = sign(signer, JWSAlgorithm.HS256, claims(NOW).expirationTime(Date.from(NOW.minusSeconds(31))).build());
        assertThatThrownBy(() -> hs.verify(expired)).hasMessage("expired");
        String justExpired = sign(signer, JWSAlgorithm.HS256, claims(NOW).expirationTime(Date.from(NOW.minusSeconds(20))).build());
        assertThat(hs.verify(justExpired).getSubject()).isEqualTo("alice");
        String notYet = sign(signer, JWSAlgorithm.HS256, claims(NOW).notBeforeTime(Date.from(NOW.plusSeconds(60))).build());
        assertThatThrownBy(() -> hs.verify(notYet)).hasMessage("not yet valid");
        String noExp = sign(signer, JWSAlgorithm.HS256, claims(NOW).expirationTime(null).build());
        assertThatThrownBy(() -> hs.verify(noExp)).hasMessage("no exp");
    }

    @Test
    void wrongAudienceIssuerOrMissingRequiredClaim_refused() throws Exception {
        MACSigner signer = new MACSigner(SECRET);
        assertThatThrownBy(() -> hs.verify(sign(signer, JWSAlgorithm.HS256, claims(NOW).audience("other").build())))
                .hasMessage("wrong audience");
        assertThatThrownBy(() -> hs.verify(sign(signer, JWSAlgorithm.HS256, claims(NOW).issuer("evil").build())))
                .hasMessage("wrong issuer");
        assertThatThrownBy(() -> hs.verify(sign(signer, JWSAlgorithm.HS256, claims(NOW).subject(null).build())))
                .hasMessage("no sub");
    }

    @Test
    void wrongKeyOrTamperedToken_refused() throws Exception {
        String other = sign(new MACSigner("another-secret-another-secret-xx"), JWSAlgorithm.HS256, claims(NOW).build());
        assertThatThrownBy(() -> hs.verify(other)).hasMessage("bad signature");

        String good = sign(new MACSigner(SECRET), JWSAlgorithm.HS256, claims(NOW).build());
        String[] parts = good.split("\\.");
        String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                claims(NOW).subject("root").build().toString().getBytes()) + "." + parts[2];
        assertThatThrownBy(() -> hs.verify(forged)).hasMessage("bad signature");
    }

    @Test
    void algNoneAndAlgorithmsNotConfigured_refused_evenWithAKeyThatCouldVerify() throws Exception {
        String none = new PlainJWT(new PlainHeader(), claims(NOW).build()).serialize();
        assertThatThrownBy(() -> hs.verify(none)).hasMessage("not a signed JWT");

        // An HS384 token signed with the configured secret: the algorithm is not on the list.
        String hs384 = sign(new MACSigner(SECRET + SECRET), JWSAlgorithm.HS384, claims(NOW).build());
        assertThatThrownBy(() -> hs.verify(hs384)).hasMessageContaining("not accepted");

        // RS256 accepted with an RSA key: an HS256 token "signed" with the public key is refused.
        RSAKey rsa = new RSAKeyGenerator(2048).generate();
        String publicPem = pem(rsa.toRSAPublicKey());
        JwtVerifier rs = new JwtVerifier(config(List.of("RS256", "HS256"), null, publicPem, Map.of()), CLOCK);
        String confused = sign(new MACSigner(rsa.toRSAPublicKey().getEncoded()), JWSAlgorithm.HS256, claims(NOW).build());
        assertThatThrownBy(() -> rs.verify(confused)).hasMessage("bad signature");

        assertThatThrownBy(() -> hs.verify("garbage")).hasMessage("not a signed JWT");
        assertThatThrownBy(() -> hs.verify("a".repeat(JwtVerifier.MAX_TOKEN_LENGTH + 1))).hasMessageContaining("longer");
    }

    @Test
    void requiredValuesMatchStringsListsAndScopes() throws Exception {
        JwtVerifier admin = new JwtVerifier(config(List.of("HS256"), SECRET, null, Map.of("scope", "admin")), CLOCK);
        assertThat(admin.admits(claims(NOW).claim("scope", "read admin").build())).isTrue();
        assertThat(admin.admits(claims(NOW).claim("scope", "read").build())).isFalse();
        assertThat(admin.admits(claims(NOW).build())).isFalse();
        JwtVerifier roles = new JwtVerifier(config(List.of("HS256"), SECRET, null, Map.of("roles", "ops")), CLOCK);
        assertThat(roles.admits(claims(NOW).claim("roles", List.of("dev", "ops")).build())).isTrue();
        assertThat(roles.admits(claims(NOW).claim("roles", List.of("dev")).build())).isFalse();
    }

    /** A clock the test moves. */
    private static final class MovableClock extends Clock {
        Instant now = NOW;

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void aTokenVerifiedBefore_isStillRefusedOnceItExpires_andBeforeItsNotBefore() throws Exception {
        MovableClock clock = new MovableClock();
        JwtVerifier verifier = new JwtVerifier(config(List.of("HS256"), SECRET, null, Map.of()), clock);
        String token = sign(new MACSigner(SECRET), JWSAlgorithm.HS256, claims(NOW).build());

        assertThat(verifier.verify(token).getSubject()).isEqualTo("alice");
        assertThat(verifier.verify(token).getSubject()).isEqualTo("alice"); // remembered

        clock.now = NOW.plusSeconds(300 + 31); // past exp and the 30 s skew
        assertThatThrownBy(() -> verifier.verify(token)).hasMessage("expired");
        clock.now = NOW;
        assertThat(verifier.verify(token).getSubject()).isEqualTo("alice"); // verified afresh
        clock.now = NOW.minusSeconds(10 + 31); // before nbf and the skew
        assertThatThrownBy(() -> verifier.verify(token)).hasMessage("not yet valid");
    }

    @Test
    void aRememberedToken_doesNotLetATamperedCopyThrough() throws Exception {
        String token = sign(new MACSigner(SECRET), JWSAlgorithm.HS256, claims(NOW).build());
        assertThat(hs.verify(token).getSubject()).isEqualTo("alice");

        String[] parts = token.split("\\.");
        String otherClaims = Base64.getUrlEncoder().withoutPadding().encodeToString(
                claims(NOW).subject("mallory").build().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String tampered = parts[0] + "." + otherClaims + "." + parts[2];

        assertThatThrownBy(() -> hs.verify(tampered)).hasMessage("bad signature");
        assertThat(hs.verify(token).getSubject()).isEqualTo("alice");
    }
}
