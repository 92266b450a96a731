package dev.gatehouse.config.load;

import dev.gatehouse.config.AccessConfig;
import dev.gatehouse.config.ApiKeysConfig;
import dev.gatehouse.config.AuthConfig;
import dev.gatehouse.config.JwtConfig;
import dev.gatehouse.security.CidrSet;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks the access-control and authentication keys: {@code access} and {@code trusted-proxies}
 * of a listener, {@code access} and {@code auth} of a route.
 *
 * <p>Readers return null when the key is absent or after a problem (the config is then refused
 * whole, so a null never reaches a record of a valid config).
 */
final class SecurityValidator {

    private static final List<String> ACCESS_KEYS = List.of("allow", "deny");
    private static final List<String> AUTH_KEYS = List.of("api-keys", "jwt");
    private static final List<String> API_KEY_KEYS = List.of("header", "query", "keys", "allow");
    private static final Pattern KEY_NAME = Pattern.compile("[\\x21-\\x7E]+");
    private static final List<String> KEY_KEYS = List.of("name", "sha256");
    private static final List<String> JWT_KEYS = List.of("issuer", "audience", "algorithms", "keys", "clock-skew",
            "required-claims", "require", "forward-claims");
    private static final List<String> JWT_KEY_SOURCES = List.of("hs256-secret", "public-key-pem", "jwks-file");
    private static final List<String> ALGORITHMS = List.of("HS256", "RS256", "ES256");

    private static final String ACCESS = "a map, e.g. { allow: [10.0.0.0/8], deny: [10.0.0.7] }";
    private static final String CIDRS = "a list of IP addresses or CIDR blocks, e.g. [10.0.0.0/8, \"2001:db8::/32\"]";
    private static final String AUTH = "a map with api-keys or jwt";
    private static final String API_KEYS = "a map, e.g. { header: X-Api-Key, keys: [ { name: mobile, sha256: <hex> } ] }";
    private static final String JWT = "a map, e.g. { issuer: https://id.example.com, audience: api, algorithms: [RS256], keys: { jwks-file: jwks.json } }";
    private static final String JWT_KEY = "a map with one of hs256-secret, public-key-pem or jwks-file";
    private static final String NAMES = "a list of names, e.g. [mobile, web]";
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    private final Problems problems;

    SecurityValidator(Problems problems) {
        this.problems = problems;
    }

    /** {@code access: { allow: [...], deny: [...] }} under {@code parent}, or null. */
    AccessConfig access(Section parent) {
        YamlNode node = parent.get("access");
        if (node == null) {
            return null;
        }
        Section access = Section.of(node, parent.pathOf("access"), ACCESS, ACCESS_KEYS, problems);
        if (access == null) {
            return null;
        }
        List<String> allow = cidrs(access, "allow");
        List<String> deny = cidrs(access, "deny");
        return allow == null || deny == null ? null : new AccessConfig(allow, deny);
    }

    /** The CIDR blocks listed under {@code key} (empty when absent), or null after a problem. */
    List<String> cidrs(Section section, String key) {
        List<YamlNode> items = section.list(key, CIDRS, false);
        List<String> blocks = new ArrayList<>();
        boolean ok = section.get(key) == null || section.get(key).kind() == YamlNode.Kind.LIST;
        for (int i = 0; i < items.size(); i++) {
            YamlNode item = items.get(i);
            String path = section.itemPath(key, i);
            if (item.kind() != YamlNode.Kind.SCALAR) {
                problems.add(item.line(), path, Section.found(item) + " (expected: an IP address or CIDR block, e.g. 10.0.0.0/8)");
                ok = false;
                continue;
            }
            try {
                CidrSet.check(item.text());
                blocks.add(item.text().strip());
            } catch (IllegalArgumentException e) {
                problems.add(item.line(), path, e.getMessage());
                ok = false;
            }
        }
        return ok ? blocks : null;
    }

    /** {@code auth:} of a route, or null. */
    AuthConfig auth(Section route) {
        YamlNode node = route.get("auth");
        if (node == null) {
            return null;
        }
        Section auth = Section.of(node, route.pathOf("auth"), AUTH, AUTH_KEYS, problems);
        if (auth == null) {
            return null;
        }
        boolean keys = auth.get("api-keys") != null;
        boolean jwt = auth.get("jwt") != null;
        if (keys == jwt) {
            problems.add(auth.line(), auth.path(), (keys ? "both api-keys and jwt" : "neither api-keys nor jwt")
                    + " (expected: exactly one of them; a route authenticates one way)");
            return null;
        }
        if (keys) {
            ApiKeysConfig apiKeys = apiKeys(auth);
            return apiKeys == null ? null : new AuthConfig(apiKeys, null);
        }
        JwtConfig jwtConfig = jwt(auth);
        return jwtConfig == null ? null : new AuthConfig(null, jwtConfig);
    }

    private ApiKeysConfig apiKeys(Section auth) {
        Section s = Section.of(auth.get("api-keys"), auth.pathOf("api-keys"), API_KEYS, API_KEY_KEYS, problems);
        if (s == null) {
            return null;
        }
        boolean ok = true;
        String header = s.value("header", "a header name, e.g. X-Api-Key", SecurityValidator::headerName, null);
        String query = s.text("query", "a query parameter name, e.g. api_key", false);
        if ((s.get("header") == null) == (s.get("query") == null)) {
            problems.add(s.line(), s.path(), (s.get("header") == null ? "neither header nor query" : "both header and query")
                    + " (expected: exactly one, e.g. header: X-Api-Key or query: api_key)");
            ok = false;
        }
        List<YamlNode> items = s.list("keys", "a list, e.g. - { name: mobile, sha256: <64 hex digits> }", true);
        List<ApiKeysConfig.Key> keys = new ArrayList<>();
        UniqueNames names = new UniqueNames();
        Set<String> keyNames = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            String path = s.itemPath("keys", i);
            Section key = Section.of(items.get(i), path, "a key: { name: mobile, sha256: <64 hex digits> }", KEY_KEYS, problems);
            if (key == null) {
                ok = false;
                continue;
            }
            String name = key.text("name", "a key name, e.g. mobile", true);
            if (name != null && !KEY_NAME.matcher(name).matches()) {
                // The name goes to backends as a header value: nothing there may end or bend the line.
                problems.add(key.get("name").line(), key.pathOf("name"), YamlNode.quote(name)
                        + " is not a key name (expected: visible ASCII characters, no spaces, e.g. mobile-app)");
                name = null;
            }
            if (name != null) {
                names.claim(name, path, key.get("name").line(), key.pathOf("name"), problems);
                keyNames.add(name);
            }
            String sha = key.requiredValue("sha256", "the SHA-256 of the key as 64 hex digits (e.g. from: printf %s KEY | sha256sum)",
                    text -> {
                        if (!SHA256_HEX.matcher(text.strip()).matches()) {
                            throw new IllegalArgumentException(YamlNode.quote(text) + " is not a SHA-256 (expected: 64 hex digits,"
                                    + " e.g. from: printf %s KEY | sha256sum; the key itself is never written in the config)");
                        }
                        return text.strip().toLowerCase(java.util.Locale.ROOT);
                    });
            if (name == null || sha == null) {
                ok = false;
            } else {
                keys.add(new ApiKeysConfig.Key(name, sha));
            }
        }
        List<String> allow = new ArrayList<>();
        List<YamlNode> allowed = s.list("allow", NAMES, false);
        for (int i = 0; i < allowed.size(); i++) {
            YamlNode item = allowed.get(i);
            String text = item.kind() == YamlNode.Kind.SCALAR ? item.text().strip() : null;
            if (text == null || !keyNames.contains(text)) {
                problems.add(item.line(), s.itemPath("allow", i), Section.found(item) + " is not a key name ("
                        + (text == null || keyNames.isEmpty() ? "expected: a name under keys" : Suggestions.hint(text, keyNames)) + ")");
                ok = false;
            } else {
                allow.add(text);
            }
        }
        if (!ok || (s.get("header") != null && header == null) || (s.get("query") != null && query == null)) {
            return null;
        }
        return new ApiKeysConfig(header, query, keys, allow);
    }

    private JwtConfig jwt(Section auth) {
        Section s = Section.of(auth.get("jwt"), auth.pathOf("jwt"), JWT, JWT_KEYS, problems);
        if (s == null) {
            return null;
        }
        boolean ok = true;
        String issuer = s.text("issuer", "the issuer the tokens must name, e.g. https://id.example.com", false);
        String audience = s.text("audience", "the audience the tokens must name, e.g. api", false);
        List<String> algorithms = new ArrayList<>();
        List<YamlNode> algs = s.list("algorithms", "a list, e.g. [RS256] (of HS256, RS256, ES256)", true);
        for (int i = 0; i < algs.size(); i++) {
            YamlNode item = algs.get(i);
            String text = item.kind() == YamlNode.Kind.SCALAR ? item.text().strip() : "";
            if (!ALGORITHMS.contains(text)) {
                problems.add(item.line(), s.itemPath("algorithms", i), Section.found(item) + " is not an accepted algorithm ("
                        + Suggestions.hint(text.toUpperCase(java.util.Locale.ROOT), ALGORITHMS) + ")");
                ok = false;
            } else {
                algorithms.add(text);
            }
        }
        String secret = null;
        String pem = null;
        String jwks = null;
        YamlNode keysNode = s.require("keys", JWT_KEY);
        Section keys = keysNode == null ? null : Section.of(keysNode, s.pathOf("keys"), JWT_KEY, JWT_KEY_SOURCES, problems);
        if (keys == null) {
            ok = false;
        } else {
            secret = keys.value("hs256-secret", "a secret of at least 32 bytes", text -> {
                if (text.getBytes(StandardCharsets.UTF_8).length < 32) {
                    throw new IllegalArgumentException("is " + text.getBytes(StandardCharsets.UTF_8).length
                            + " bytes long (expected: a secret of at least 32 bytes, as HS256 requires)");
                }
                return text;
            }, null);
            pem = keys.value("public-key-pem", "an RSA or EC public key in PEM", text -> {
                checkPem(text);
                return text;
            }, null);
            jwks = keys.value("jwks-file", "the path of a JSON Web Key Set file", text -> {
                checkJwks(text);
                return text;
            }, null);
            int sources = (secret != null ? 1 : 0) + (pem != null ? 1 : 0) + (jwks != null ? 1 : 0);
            int given = (keys.get("hs256-secret") != null ? 1 : 0) + (keys.get("public-key-pem") != null ? 1 : 0)
                    + (keys.get("jwks-file") != null ? 1 : 0);
            if (given == 0) {
                problems.add(keys.line(), keys.path(), "no key (expected: " + JWT_KEY + ")");
            }
            ok &= given > 0 && sources == given;
            if (secret == null && algorithms.contains("HS256") && given > 0 && jwks == null) {
                problems.add(keys.line(), keys.path(), "HS256 is accepted but no hs256-secret is given (expected: hs256-secret, or remove HS256 from algorithms)");
                ok = false;
            }
        }
        Duration skew = s.value("clock-skew", "a duration, e.g. \"30s\"", Durations::parse, JwtConfig.DEFAULT_CLOCK_SKEW);
        List<String> required = names(s, "required-claims", "a list of claim names, e.g. [sub]");
        Map<String, String> require = map(s, "require", "a map of claim to value, e.g. { scope: admin }", false);
        Map<String, String> forward = map(s, "forward-claims", "a map of claim to header, e.g. { sub: X-Auth-Subject }", true);
        if (!ok || skew == null || required == null || require == null || forward == null
                || (s.get("issuer") != null && issuer == null) || (s.get("audience") != null && audience == null)) {
            return null;
        }
        return new JwtConfig(issuer, audience, algorithms, secret, pem, jwks, skew, required, require, forward);
    }

    private List<String> names(Section s, String key, String expected) {
        List<String> names = new ArrayList<>();
        boolean ok = true;
        List<YamlNode> items = s.list(key, expected, false);
        for (int i = 0; i < items.size(); i++) {
            YamlNode item = items.get(i);
            if (item.kind() != YamlNode.Kind.SCALAR || item.text().isBlank()) {
                problems.add(item.line(), s.itemPath(key, i), Section.found(item) + " (expected: " + expected + ")");
                ok = false;
            } else {
                names.add(item.text().strip());
            }
        }
        return ok ? names : null;
    }

    private Map<String, String> map(Section s, String key, String expected, boolean valuesAreHeaders) {
        YamlNode node = s.get(key);
        if (node == null) {
            return Map.of();
        }
        Section m = Section.of(node, s.pathOf(key), expected, null, problems);
        if (m == null) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        boolean ok = true;
        for (String k : m.entries().keySet()) {
            String v = valuesAreHeaders
                    ? m.requiredValue(k, "a header name, e.g. X-Auth-Subject", SecurityValidator::headerName)
                    : m.text(k, expected, true);
            if (v == null) {
                ok = false;
            } else {
                out.put(k, v);
            }
        }
        return ok ? out : null;
    }

    static String headerName(String text) {
        String name = text.strip();
        if (!HEADER_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(YamlNode.quote(text) + " is not a header name (expected: letters, digits and - only, e.g. X-Auth-Subject)");
        }
        return name;
    }

    private static void checkPem(String text) {
        try {
            dev.gatehouse.security.JwtKeys.checkPem(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("is " + e.getMessage());
        }
    }

    private static void checkJwks(String text) {
        if (!Files.isReadable(Path.of(text))) {
            throw new IllegalArgumentException(YamlNode.quote(text) + " cannot be read (expected: the path of a readable JSON Web Key Set file)");
        }
        try {
            dev.gatehouse.security.JwtKeys.checkJwks(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(YamlNode.quote(text) + ": " + e.getMessage() + " (expected: a JSON Web Key Set, {\"keys\": [...]})");
        }
    }
}
