package dev.gatehouse.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How a stateful pool keeps a client on the backend it was first sent to ({@code pools.<name>.affinity}).
 *
 * <p>Which fields apply depends on the type; the others are null (or the default, for
 * {@code maxEntries}):
 * <ul>
 *   <li>{@code cookie}: {@code cookieName}, optional {@code ttl} (the cookie's Max-Age; without it
 *       a session cookie), optional {@code secret} (HMAC key signing the cookie; without it a
 *       random key per process, so that replicas of the gateway, or a restart, do not recognise
 *       each other's cookies: give replicas one shared secret).</li>
 *   <li>{@code table}: {@code key} (what identifies a client, e.g. {@code client-ip} or
 *       {@code header:X-User-Id}), {@code ttl} (an entry unused this long is forgotten) and
 *       {@code maxEntries} (the oldest entries go first beyond it).</li>
 *   <li>{@code hash}: optional {@code key}, hashed onto the endpoints like {@code consistent-hash}
 *       does (default: the pool's {@code hash-key}, else {@code client-ip}).</li>
 * </ul>
 *
 * @param type       how the mapping is kept
 * @param cookieName the cookie's name (cookie only); null for {@link #defaultCookieName} of the pool,
 *                   so two stateful pools on one site never overwrite each other's cookie
 * @param ttl        cookie Max-Age or table entry lifetime; null for none
 * @param maxEntries the table's size bound (table only)
 * @param key        hash-key syntax: {@code client-ip}, {@code header:Name}, {@code cookie:name},
 *                   {@code query:name} or {@code path} (table and hash)
 * @param secret     the cookie signing key; null for a random one per process (cookie only).
 *                   Never printed by {@link #toString()}.
 */
public record AffinityConfig(Type type, String cookieName, Duration ttl, int maxEntries, String key, String secret) {

    /** Pools without a {@code cookie-name} use this prefix and their own name: {@code GH_AFFINITY_web}. */
    public static final String DEFAULT_COOKIE_PREFIX = "GH_AFFINITY_";
    public static final Duration DEFAULT_TABLE_TTL = Duration.ofMinutes(30);
    public static final int DEFAULT_MAX_ENTRIES = 100_000;
    public static final String DEFAULT_TABLE_KEY = "client-ip";

    /** How a stateful pool remembers which backend a client belongs to. */
    public enum Type {
        /** The gateway sets a signed, opaque cookie naming the backend. */
        COOKIE,
        /** The gateway keeps a bounded, expiring client → backend table. */
        TABLE,
        /** Stateless: a consistent hash of a request key. */
        HASH;

        /** The name written in the config file, e.g. {@code cookie}. */
        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The type spelled {@code name} in a config file, if there is one. */
        public static Optional<Type> fromConfigName(String name) {
            return Arrays.stream(values()).filter(t -> t.configName().equals(name)).findFirst();
        }

        /** Every config spelling, for "expected:" hints. */
        public static List<String> configNames() {
            return Arrays.stream(values()).map(Type::configName).toList();
        }
    }

    public AffinityConfig {
        Objects.requireNonNull(type, "type");
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries: " + maxEntries + " (expected: >= 1)");
        }
        if (ttl != null && (ttl.isNegative() || ttl.isZero())) {
            throw new IllegalArgumentException("ttl: " + ttl + " (expected: > 0)");
        }
        if (type == Type.TABLE) {
            ttl = ttl == null ? DEFAULT_TABLE_TTL : ttl;
            key = key == null ? DEFAULT_TABLE_KEY : key;
        }
    }

    /** A signed cookie named after the pool, no Max-Age, a random per-process secret. */
    public static AffinityConfig cookie() {
        return new AffinityConfig(Type.COOKIE, null, null, DEFAULT_MAX_ENTRIES, null, null);
    }

    /** The cookie name of pool {@code pool} when the config names none: {@code GH_AFFINITY_<pool>}. */
    public static String defaultCookieName(String pool) {
        StringBuilder name = new StringBuilder(DEFAULT_COOKIE_PREFIX);
        for (int i = 0; i < pool.length(); i++) {
            char c = pool.charAt(i);
            // Cookie names are tokens; anything else in a pool name becomes '_'.
            boolean token = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
                    || c == '.';
            name.append(token ? c : '_');
        }
        return name.toString();
    }

    /** A table keyed by client IP, 30 minutes TTL, 100,000 entries. */
    public static AffinityConfig table() {
        return new AffinityConfig(Type.TABLE, null, DEFAULT_TABLE_TTL, DEFAULT_MAX_ENTRIES, DEFAULT_TABLE_KEY, null);
    }

    /** Hash stickiness on the pool's hash key (or the client IP). */
    public static AffinityConfig hash() {
        return new AffinityConfig(Type.HASH, null, null, DEFAULT_MAX_ENTRIES, null, null);
    }

    /** Like the record's, without the secret: configs end up in logs. */
    @Override
    public String toString() {
        return "AffinityConfig[type=" + type.configName() + ", cookieName=" + cookieName + ", ttl=" + ttl
                + ", maxEntries=" + maxEntries + ", key=" + key + ", secret=" + (secret == null ? "random" : "***") + "]";
    }
}
