package dev.gatehouse.config;

import java.util.List;

/**
 * API key authentication of a route: where the key is read from and the keys admitted, each
 * stored only as the SHA-256 of the key.
 *
 * @param header the request header carrying the key, or null
 * @param query  the query parameter carrying the key, or null (exactly one of the two is set)
 * @param keys   the known keys
 * @param allow  the key names admitted on this route; empty: every known key
 */
public record ApiKeysConfig(String header, String query, List<Key> keys, List<String> allow) {

    public ApiKeysConfig {
        keys = List.copyOf(keys);
        allow = List.copyOf(allow);
    }

    /**
     * One key.
     *
     * @param name   the identity the key stands for (forwarded as {@code X-Auth-Key})
     * @param sha256 the lower-case hex SHA-256 of the key's UTF-8 bytes
     */
    public record Key(String name, String sha256) {
    }
}
