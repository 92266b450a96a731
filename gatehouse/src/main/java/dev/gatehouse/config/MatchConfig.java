package dev.gatehouse.config;

/**
 * What a route matches.
 *
 * @param host       exact host ({@code api.example.com}), suffix wildcard ({@code *.example.com}),
 *                   or {@code null} for any host
 * @param pathPrefix the path prefix, starting with {@code /}; {@code /} matches every path
 */
public record MatchConfig(String host, String pathPrefix) {
}
