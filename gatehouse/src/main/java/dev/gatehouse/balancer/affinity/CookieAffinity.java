package dev.gatehouse.balancer.affinity;

import dev.gatehouse.balancer.Balancer;
import dev.gatehouse.balancer.Endpoint;
import dev.gatehouse.balancer.PickContext;
import dev.gatehouse.balancer.PoolSnapshot;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Cookie affinity: the response carries a cookie naming the chosen endpoint, and a request
 * bearing a valid one goes back to that endpoint while it is eligible.
 *
 * <p>The cookie value is a token, never the endpoint's address or name: the first
 * {@value #TOKEN_BYTES} bytes of HMAC-SHA256(secret, pool name, endpoint name), base64url. A
 * client therefore cannot forge a cookie for an endpoint of its choice, a token of one pool means
 * nothing in another, and gateways sharing the secret (replicas, restarts) issue and accept the
 * same tokens. Tokens are computed when the snapshot is built; a pick looks a token up by its
 * first 8 bytes and compares all of it in constant time, with no MAC computed per request.
 */
final class CookieAffinity implements Affinity {

    static final int TOKEN_BYTES = 18;
    private static final int TOKEN_CHARS = 24; // base64 of 18 bytes, no padding
    private static final byte[] PROCESS_SECRET = new byte[32];

    static {
        new SecureRandom().nextBytes(PROCESS_SECRET);
    }

    private record Pin(Endpoint endpoint, byte[] token, String setCookie) {
    }

    private final String cookieName;
    private final boolean refresh;
    private final Pin[] pins;
    private final Map<Long, Pin> byId;

    /**
     * @param secret the signing key; null for the process's random one
     * @param maxAge the cookie's Max-Age, refreshed on every response; null for a session cookie
     */
    CookieAffinity(PoolSnapshot snapshot, String cookieName, String secret, Duration maxAge) {
        this.cookieName = cookieName;
        this.refresh = maxAge != null;
        String attributes = "; Path=/; HttpOnly; SameSite=Lax"
                + (maxAge == null ? "" : "; Max-Age=" + Math.max(1, maxAge.toSeconds()));
        Mac mac = mac(secret == null ? PROCESS_SECRET : secret.getBytes(StandardCharsets.UTF_8));
        this.pins = new Pin[snapshot.size()];
        this.byId = new HashMap<>();
        for (Endpoint e : snapshot.endpoints()) {
            byte[] token = token(mac, snapshot.name(), e.name());
            Pin pin = new Pin(e, token, cookieName + "=" + Base64.getUrlEncoder().withoutPadding().encodeToString(token)
                    + attributes);
            pins[e.index()] = pin;
            byId.put(id(token), pin);
        }
    }

    @Override
    public Endpoint pick(PickContext context, Balancer strategy) {
        Pin pinned = verify(context.keys().cookie(cookieName));
        if (pinned != null && context.isEligible(pinned.endpoint())) {
            // Same cookie again: only worth sending when it has a Max-Age to push back.
            context.setAffinityCookie(refresh ? pinned.setCookie() : null);
            return pinned.endpoint();
        }
        Endpoint chosen = strategy.pick(context);
        context.setAffinityCookie(chosen == null ? null : pins[chosen.index()].setCookie());
        return chosen;
    }

    /** The pin a cookie value stands for, or null when it is absent, malformed or not ours. */
    private Pin verify(String value) {
        if (value == null || value.length() != TOKEN_CHARS) {
            return null;
        }
        byte[] token;
        try {
            token = Base64.getUrlDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
        Pin pin = byId.get(id(token));
        return pin != null && MessageDigest.isEqual(pin.token(), token) ? pin : null;
    }

    /** The {@code Set-Cookie} value that pins a client to {@code endpoint}. */
    String setCookieFor(Endpoint endpoint) {
        return pins[endpoint.index()].setCookie();
    }

    private static long id(byte[] token) {
        long id = 0;
        for (int i = 0; i < 8; i++) {
            id = id << 8 | token[i] & 0xFF;
        }
        return id;
    }

    private static byte[] token(Mac mac, String pool, String endpoint) {
        // Length-prefixed so that no two (pool, endpoint) pairs sign the same bytes.
        byte[] p = pool.getBytes(StandardCharsets.UTF_8);
        byte[] e = endpoint.getBytes(StandardCharsets.UTF_8);
        mac.update((p.length + ":").getBytes(StandardCharsets.US_ASCII));
        mac.update(p);
        mac.update(e);
        byte[] full = mac.doFinal();
        byte[] token = new byte[TOKEN_BYTES];
        System.arraycopy(full, 0, token, 0, TOKEN_BYTES);
        return token;
    }

    private static Mac mac(byte[] key) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e); // required of every JRE
        }
    }
}
