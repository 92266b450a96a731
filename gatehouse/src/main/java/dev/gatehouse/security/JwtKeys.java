package dev.gatehouse.security;

import java.nio.file.Path;

/**
 * Checks JWT key material the way the gateway will read it, for the config validator: a PEM
 * public key and a JSON Web Key Set file.
 */
public final class JwtKeys {

    private JwtKeys() {
    }

    /** @throws IllegalArgumentException when {@code pem} is not an RSA or EC public key in PEM */
    public static void checkPem(String pem) {
        JwtVerifier.parsePem(pem);
    }

    /** @throws IllegalArgumentException when {@code file} cannot be read or is not a key set with a key */
    public static void checkJwks(String file) {
        if (JwtVerifier.loadJwks(Path.of(file)).getKeys().isEmpty()) {
            throw new IllegalArgumentException("has no key");
        }
    }
}
