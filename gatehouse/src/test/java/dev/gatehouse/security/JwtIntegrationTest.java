package dev.gatehouse.security;

import dev.gatehouse.testing.YamlGateway;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.PlainHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.testing.RawHttpClient;
import dev.gatehouse.testing.RecordingBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Client with a bearer token → gateway verifies it (keys from a JWKS file) → backend sees the chosen claims. */
class JwtIntegrationTest {

    @TempDir
    static Path dir;
    private static RSAKey key;
    private static RecordingBackend backend;
    private static YamlGateway gateway;

    @BeforeAll
    static void start() throws Exception {
        key = new RSAKeyGenerator(2048).keyID("k1").generate();
        Path jwks = dir.resolve("jwks.json");
        Files.writeString(jwks, new JWKSet(key.toPublicJWK()).toString());
        backend = RecordingBackend.start();
        gateway = YamlGateway.start("""
                listeners:
                  - name: public
                    address: 127.0.0.1:0
                routes:
                  - name: admin
                    match: { path-prefix: /admin/ }
                    pool: web
                    auth:
                      jwt:
                        issuer: https://id.example.com
                        audience: api
                        algorithms: [RS256]
                        keys: { jwks-file: "%s" }
                        clock-skew: 30s
                        required-claims: [sub]
                        require: { scope: admin }
                        forward-claims: { sub: X-Auth-Subject, email: X-Auth-Email }
                  - match: { path-prefix: / }
                    pool: web
                pools:
                  web:
                    backends:
                      - { name: A, address: 127.0.0.1:BACKEND_PORT }
                """.formatted(jwks.toString().replace("\\", "/")), backend.port());
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        backend.close();
    }

    @BeforeEach
    void reset() {
        backend.reset();
    }

    private static JWTClaimsSet.Builder claims() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer("https://id.example.com").audience("api").subject("alice")
                .claim("email", "alice@example.com").claim("scope", "read admin")
                .expirationTime(Date.from(now.plusSeconds(300)));
    }

    private static String rs256(JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static RawHttpClient.Response get(String authorization) throws Exception {
        return gateway.exchange("GET /admin/x HTTP/1.1\r\nHost: test\r\nX-Auth-Email: mallory@example.com\r\n"
                + (authorization == null ? "" : "Authorization: " + authorization + "\r\n") + "\r\n");
    }

    @Test
    void validToken_backendSeesTheForwardedClaims_notTheSpoofedOnes() throws Exception {
        RawHttpClient.Response response = get("Bearer " + rs256(claims().build()));

        assertThat(response.status()).isEqualTo(200);
        RecordingBackend.RecordedRequest seen = backend.requests().get(0);
        assertThat(seen.headers("X-Auth-Subject")).containsExactly("alice");
        assertThat(seen.headers("X-Auth-Email")).containsExactly("alice@example.com");
    }

    @Test
    void noToken_401BearerWithoutError_backendSeesNothing() throws Exception {
        RawHttpClient.Response response = get(null);

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(backend.requests()).isEmpty();
    }

    @Test
    void expiredWrongAudienceWrongKeyAndAlgNone_each401InvalidToken_backendSeesNothing_gatewayStillServes() throws Exception {
        String expired = rs256(claims().expirationTime(Date.from(Instant.now().minusSeconds(120))).build());
        String wrongAudience = rs256(claims().audience("other").build());
        SignedJWT wrongKey = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(), claims().build());
        wrongKey.sign(new RSASSASigner(new RSAKeyGenerator(2048).generate()));
        SignedJWT hs = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims().build());
        hs.sign(new MACSigner("0123456789abcdef0123456789abcdef"));
        String none = new PlainJWT(new PlainHeader(), claims().build()).serialize();

        for (String token : new String[] {expired, wrongAudience, wrongKey.serialize(), hs.serialize(), none, "x.y.z"}) {
            RawHttpClient.Response response = get("Bearer " + token);
            assertThat(response.status()).as(token).isEqualTo(401);
            assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer error=\"invalid_token\"");
        }
        assertThat(get("Basic dXNlcjpwYXNz").status()).isEqualTo(401);
        assertThat(backend.requests()).isEmpty();

        assertThat(get("Bearer " + rs256(claims().build())).status()).isEqualTo(200);
    }

    @Test
    void validTokenWithoutTheRequiredScope_403_backendSeesNothing() throws Exception {
        RawHttpClient.Response response = get("Bearer " + rs256(claims().claim("scope", "read").build()));

        assertThat(response.status()).isEqualTo(403);
        assertThat(backend.requests()).isEmpty();
    }

    @Test
    void routeWithoutAuth_stillStripsTheClaimHeadersAnyRouteForwards() throws Exception {
        gateway.exchange("GET /open HTTP/1.1\r\nHost: test\r\nX-Auth-Email: mallory@example.com\r\n\r\n");

        assertThat(backend.requests().get(0).headers("X-Auth-Email")).isEmpty();
    }
}
