package dev.gatehouse.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.gatehouse.config.JwtConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.text.ParseException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Verifies JWT bearer tokens against one route's settings: signature (only the configured
 * algorithms; never {@code none}), then {@code exp} (required), {@code nbf}, {@code iss},
 * {@code aud} and the required claims.
 *
 * <p>The work per token is bounded: at most {@link #MAX_TOKEN_LENGTH} characters are parsed,
 * once; a token naming its key ({@code kid}) is verified with that key only, one without with
 * each configured key of its algorithm (a handful at most). A token found valid is remembered
 * ({@link VerifiedTokenCache}): later requests with it repeat only the time checks.
 */
final class JwtVerifier {

    /** Longer tokens are refused unparsed. */
    static final int MAX_TOKEN_LENGTH = 8192;

    /** A token that is not acceptable; the message is for logs, never for the client. */
    static final class InvalidTokenException extends Exception {
        InvalidTokenException(String message) {
            super(message, null, false, false);
        }
    }

    record Key(String id, JWSVerifier verifier) {
    }

    private final Set<JWSAlgorithm> algorithms;
    private final List<Key> keys;
    private final String issuer;
    private final String audience;
    private final long skewMillis;
    private final List<String> requiredClaims;
    private final Map<String, String> require;
    private final Clock clock;
    private final VerifiedTokenCache verified = new VerifiedTokenCache();

    JwtVerifier(JwtConfig config, Clock clock) {
        this.algorithms = config.algorithms().stream().map(JWSAlgorithm::parse).collect(Collectors.toUnmodifiableSet());
        this.keys = keys(config);
        this.issuer = config.issuer();
        this.audience = config.audience();
        this.skewMillis = config.clockSkew().toMillis();
        this.requiredClaims = config.requiredClaims();
        this.require = config.require();
        this.clock = clock;
    }

    /** The token's claims when it is valid. */
    JWTClaimsSet verify(String token) throws InvalidTokenException {
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw new InvalidTokenException("token longer than " + MAX_TOKEN_LENGTH);
        }
        JWTClaimsSet known = verified.get(token);
        if (known != null) {
            try {
                checkTimes(known);
            } catch (InvalidTokenException e) {
                verified.remove(token);
                throw e;
            }
            return known;
        }
        SignedJWT jwt;
        try {
            // Refuses unsigned ("alg": "none") and encrypted tokens: their header is no JWS header.
            jwt = SignedJWT.parse(token);
        } catch (ParseException e) {
            throw new InvalidTokenException("not a signed JWT");
        }
        JWSHeader header = jwt.getHeader();
        if (!algorithms.contains(header.getAlgorithm())) {
            throw new InvalidTokenException("algorithm " + header.getAlgorithm() + " not accepted");
        }
        if (!signedByOurKey(jwt, header)) {
            throw new InvalidTokenException("bad signature");
        }
        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new InvalidTokenException("bad claims");
        }
        checkClaims(claims);
        verified.put(token, claims);
        return claims;
    }

    /** Whether valid claims also carry every value the route requires (403 otherwise). */
    boolean admits(JWTClaimsSet claims) {
        for (Map.Entry<String, String> required : require.entrySet()) {
            if (!hasValue(claims.getClaim(required.getKey()), required.getKey(), required.getValue())) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasValue(Object claim, String name, String value) {
        if (claim instanceof String s) {
            if (s.equals(value)) {
                return true;
            }
            // OAuth scopes are one space-separated string (RFC 8693 §4.2).
            return (name.equals("scope") || name.equals("scp")) && List.of(s.split(" ")).contains(value);
        }
        if (claim instanceof List<?> list) {
            return list.stream().anyMatch(v -> v != null && v.toString().equals(value));
        }
        return claim != null && claim.toString().equals(value);
    }

    private boolean signedByOurKey(SignedJWT jwt, JWSHeader header) {
        String kid = header.getKeyID();
        for (Key key : keys) {
            if (kid != null && key.id() != null && !kid.equals(key.id())) {
                continue;
            }
            if (!key.verifier().supportedJWSAlgorithms().contains(header.getAlgorithm())) {
                continue;
            }
            try {
                if (jwt.verify(key.verifier())) {
                    return true;
                }
            } catch (JOSEException | IllegalStateException e) {
                // A key that cannot check this token (wrong curve, say) is no match.
            }
        }
        return false;
    }

    private void checkClaims(JWTClaimsSet claims) throws InvalidTokenException {
        checkTimes(claims);
        if (issuer != null && !issuer.equals(claims.getIssuer())) {
            throw new InvalidTokenException("wrong issuer");
        }
        if (audience != null && (claims.getAudience() == null || !claims.getAudience().contains(audience))) {
            throw new InvalidTokenException("wrong audience");
        }
        for (String name : requiredClaims) {
            if (claims.getClaim(name) == null) {
                throw new InvalidTokenException("no " + name);
            }
        }
    }

    /** {@code exp} (required) and {@code nbf} against the clock, with the configured skew. */
    private void checkTimes(JWTClaimsSet claims) throws InvalidTokenException {
        long now = clock.millis();
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            throw new InvalidTokenException("no exp");
        }
        if (now >= exp.getTime() + skewMillis) {
            throw new InvalidTokenException("expired");
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && now < nbf.getTime() - skewMillis) {
            throw new InvalidTokenException("not yet valid");
        }
    }

    // ------------------------------------------------------------------ keys, once per compile

    /**
     * The verifiers of every configured key.
     *
     * @throws IllegalArgumentException when a key cannot be read (the validator reports it first)
     */
    static List<Key> keys(JwtConfig config) {
        List<Key> keys = new ArrayList<>();
        try {
            if (config.hs256Secret() != null) {
                keys.add(new Key(null, new MACVerifier(config.hs256Secret().getBytes(StandardCharsets.UTF_8))));
            }
            if (config.publicKeyPem() != null) {
                keys.add(new Key(null, verifierOf(parsePem(config.publicKeyPem()))));
            }
            if (config.jwksFile() != null) {
                for (JWK jwk : loadJwks(Path.of(config.jwksFile())).getKeys()) {
                    if (jwk.getKeyUse() != null && !KeyUse.SIGNATURE.equals(jwk.getKeyUse())) {
                        continue;
                    }
                    JWSVerifier verifier;
                    if (jwk instanceof RSAKey rsa) {
                        verifier = new RSASSAVerifier(rsa.toRSAPublicKey());
                    } else if (jwk instanceof ECKey ec) {
                        verifier = new ECDSAVerifier(ec.toECPublicKey());
                    } else if (jwk instanceof OctetSequenceKey oct) {
                        verifier = new MACVerifier(oct.toByteArray());
                    } else {
                        continue;
                    }
                    keys.add(new Key(jwk.getKeyID(), verifier));
                }
            }
        } catch (JOSEException e) {
            throw new IllegalArgumentException("unusable JWT key: " + e.getMessage(), e);
        }
        return List.copyOf(keys);
    }

    static JWKSet loadJwks(Path file) {
        try {
            return JWKSet.parse(Files.readString(file));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read \"" + file + "\": " + e.getMessage(), e);
        } catch (ParseException e) {
            throw new IllegalArgumentException("\"" + file + "\" is not a JSON Web Key Set: " + e.getMessage(), e);
        }
    }

    /** An RSA or EC public key from PEM ({@code -----BEGIN PUBLIC KEY-----}, X.509 SubjectPublicKeyInfo). */
    static PublicKey parsePem(String pem) {
        String body = pem.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", "")
                .replaceAll("\\s", "");
        byte[] der;
        try {
            der = Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a PEM public key (expected: -----BEGIN PUBLIC KEY----- ...)");
        }
        for (String type : List.of("RSA", "EC")) {
            try {
                return KeyFactory.getInstance(type).generatePublic(new X509EncodedKeySpec(der));
            } catch (Exception e) {
                // try the next type
            }
        }
        throw new IllegalArgumentException("not an RSA or EC public key in PEM (expected: -----BEGIN PUBLIC KEY----- ...)");
    }

    private static JWSVerifier verifierOf(PublicKey key) throws JOSEException {
        if (key instanceof RSAPublicKey rsa) {
            return new RSASSAVerifier(rsa);
        }
        return new ECDSAVerifier((ECPublicKey) key);
    }
}
