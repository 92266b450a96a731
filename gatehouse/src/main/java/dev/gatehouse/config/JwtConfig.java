package dev.gatehouse.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * JWT bearer authentication of a route.
 *
 * @param issuer         the required {@code iss}, or null for any
 * @param audience       the required {@code aud} (one of the token's audiences), or null for any
 * @param algorithms     the signature algorithms admitted (HS256, RS256, ES256); others, and
 *                       {@code none}, are refused
 * @param hs256Secret    the HMAC secret (at least 32 bytes), or null
 * @param publicKeyPem   an RSA or EC public key in PEM ({@code -----BEGIN PUBLIC KEY-----}), or null
 * @param jwksFile       a JSON Web Key Set file read when the config is compiled, or null
 * @param clockSkew      the leeway for {@code exp} and {@code nbf}
 * @param requiredClaims claims every token must carry (401 without them)
 * @param require        claim values a valid token must have (403 without): a claim matches when
 *                       it equals the value, or, for a list claim or a space-separated
 *                       {@code scope}, contains it
 * @param forwardClaims  claim name to the request header it is forwarded in
 */
public record JwtConfig(String issuer, String audience, List<String> algorithms, String hs256Secret,
                        String publicKeyPem, String jwksFile, Duration clockSkew, List<String> requiredClaims,
                        Map<String, String> require, Map<String, String> forwardClaims) {

    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);

    public JwtConfig {
        algorithms = List.copyOf(algorithms);
        requiredClaims = List.copyOf(requiredClaims);
        require = Map.copyOf(require);
        forwardClaims = Map.copyOf(forwardClaims);
        if (clockSkew == null) {
            clockSkew = DEFAULT_CLOCK_SKEW;
        }
    }
}
