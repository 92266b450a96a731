package dev.gatehouse.config;

/**
 * How a route authenticates its clients: by API key or by JWT bearer token (exactly one is set).
 *
 * @param apiKeys API key authentication, or null
 * @param jwt     JWT bearer authentication, or null
 */
public record AuthConfig(ApiKeysConfig apiKeys, JwtConfig jwt) {
}
