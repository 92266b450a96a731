package dev.gatehouse.config.load;

import dev.gatehouse.config.AffinityConfig;
import dev.gatehouse.config.AffinityConfig.Type;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Checks one pool's {@code affinity} map and builds its {@link AffinityConfig}: the type, then
 * the settings that type uses, reporting settings that belong to another type.
 */
final class AffinityValidator {

    private static final List<String> KEYS = List.of("type", "cookie-name", "ttl", "max-entries", "key", "secret");
    /** The settings each type reads; a key of another type is reported rather than ignored. */
    private static final Map<Type, List<String>> KEYS_BY_TYPE = Map.of(
            Type.COOKIE, List.of("type", "cookie-name", "ttl", "secret"),
            Type.TABLE, List.of("type", "ttl", "max-entries", "key"),
            Type.HASH, List.of("type", "key"));

    private static final String AFFINITY = "a map with type (cookie, table or hash) and its settings, e.g. { type: cookie }";
    static final int MIN_SECRET_LENGTH = 16;
    static final int MAX_ENTRIES = 100_000_000;
    // RFC 6265 cookie-name = token (RFC 7230): visible ASCII except separators.
    private static final String TOKEN_CHARS = "!#$%&'*+-.^_`|~";

    private final Problems problems;

    AffinityValidator(Problems problems) {
        this.problems = problems;
    }

    /**
     * The affinity under {@code key} of {@code pool}: null when absent (a stateless pool) or after
     * a problem ({@code valid[0]} is then false). {@code affinity: cookie} is short for
     * {@code affinity: { type: cookie }}.
     */
    AffinityConfig affinity(Section pool, String key, boolean[] valid) {
        YamlNode node = pool.get(key);
        if (node == null) {
            return null;
        }
        String path = pool.pathOf(key);
        if (node.kind() == YamlNode.Kind.SCALAR) {
            Type type = parse(node.line(), path + ".type", node.text());
            if (type == null) {
                valid[0] = false;
                return null;
            }
            return defaults(type);
        }
        Section section = Section.of(node, path, AFFINITY, KEYS, problems);
        if (section == null) {
            valid[0] = false;
            return null;
        }
        String typeText = section.text("type", "one of: " + String.join(", ", Type.configNames()), true);
        Type type = typeText == null ? null : parse(section.get("type").line(), section.pathOf("type"), typeText);
        if (type == null) {
            valid[0] = false;
            return null;
        }
        int before = problems.size();
        for (YamlNode.Entry entry : section.entries().values()) {
            if (KEYS.contains(entry.key()) && !KEYS_BY_TYPE.get(type).contains(entry.key())) {
                problems.add(entry.line(), section.pathOf(entry.key()), "not used by type \"" + type.configName()
                        + "\" (expected: only with type: " + typesUsing(entry.key()) + ")");
            }
        }
        AffinityConfig defaults = defaults(type);
        String cookieName = section.value("cookie-name", "a cookie name, e.g. GH_AFFINITY",
                AffinityValidator::cookieName, defaults.cookieName());
        Duration ttl = section.value("ttl", "a duration, e.g. \"30m\"", ValueParsers::positiveDuration, defaults.ttl());
        Integer maxEntries = section.value("max-entries", "a whole number, 1.." + MAX_ENTRIES,
                ValueParsers.wholeNumber(1, MAX_ENTRIES), defaults.maxEntries());
        String keySpec = section.value("key", PoolsValidator.HASH_KEY, PoolsValidator::hashKey, defaults.key());
        String secret = section.value("secret", "at least " + MIN_SECRET_LENGTH + " random characters",
                AffinityValidator::secret, null);
        if (problems.size() != before) {
            valid[0] = false;
            return null;
        }
        return new AffinityConfig(type, cookieName, ttl, maxEntries, keySpec, secret);
    }

    private Type parse(int line, String path, String text) {
        Type type = Type.fromConfigName(text).orElse(null);
        if (type == null) {
            problems.add(line, path, YamlNode.quote(text) + " is not an affinity type ("
                    + Suggestions.hint(text, Type.configNames()) + ")");
        }
        return type;
    }

    private static AffinityConfig defaults(Type type) {
        return switch (type) {
            case COOKIE -> AffinityConfig.cookie();
            case TABLE -> AffinityConfig.table();
            case HASH -> AffinityConfig.hash();
        };
    }

    private static String typesUsing(String key) {
        return String.join(" or ", KEYS_BY_TYPE.entrySet().stream()
                .filter(e -> e.getValue().contains(key))
                .map(e -> e.getKey().configName())
                .sorted()
                .toList());
    }

    static String cookieName(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || TOKEN_CHARS.indexOf(c) >= 0)) {
                throw new IllegalArgumentException(YamlNode.quote(text) + " is not a cookie name (expected: letters, digits and "
                        + TOKEN_CHARS + ", e.g. GH_AFFINITY)");
            }
        }
        return text;
    }

    /** The secret as written; a short one is refused without echoing it (configs are shown in CI logs). */
    static String secret(String text) {
        if (text.length() < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException("too short: " + text.length() + " characters (expected: at least "
                    + MIN_SECRET_LENGTH + " random characters, the same on every replica)");
        }
        return text;
    }
}
