package dev.gatehouse.config.load;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One map of the config file under validation: it reports the keys it does not know and reads
 * typed values from the ones it does, turning each bad value into a problem at the value's line
 * and key path.
 *
 * <p>Readers return null after reporting a problem, so callers build a record only from
 * complete parts and validation always runs to the end of the file.
 */
final class Section {

    private final YamlNode node;
    private final String path;
    private final Problems problems;

    private Section(YamlNode node, String path, Problems problems) {
        this.node = node;
        this.path = path;
        this.problems = problems;
    }

    /**
     * Views {@code node} as a map whose keys must be among {@code known} (null: any key, for maps
     * keyed by user-chosen names). Returns null, after a problem, when the node is not a map.
     */
    static Section of(YamlNode node, String path, String expected, List<String> known, Problems problems) {
        if (node.kind() != YamlNode.Kind.MAP) {
            problems.add(node.line(), path, found(node) + " (expected: " + expected + ")");
            return null;
        }
        if (known != null) {
            for (YamlNode.Entry entry : node.entries().values()) {
                if (!known.contains(entry.key())) {
                    problems.add(entry.line(), join(path, entry.key()),
                            "unknown key (" + Suggestions.hint(entry.key(), known) + ")");
                }
            }
        }
        return new Section(node, path, problems);
    }

    /** {@code empty}, or {@code found a list}, {@code found "text"}: the start of a wrong-type message. */
    static String found(YamlNode node) {
        return node.kind() == YamlNode.Kind.NULL ? "empty" : "found " + node.describe();
    }

    String path() {
        return path;
    }

    int line() {
        return node.line();
    }

    Map<String, YamlNode.Entry> entries() {
        return node.entries();
    }

    String pathOf(String key) {
        return join(path, key);
    }

    /** The value under {@code key}; null when the key is absent or its value is empty. */
    YamlNode get(String key) {
        YamlNode.Entry entry = node.entries().get(key);
        return entry == null || entry.value().kind() == YamlNode.Kind.NULL ? null : entry.value();
    }

    /** The value under {@code key}, or null after a "missing" or "empty" problem. */
    YamlNode require(String key, String expected) {
        YamlNode.Entry entry = node.entries().get(key);
        if (entry == null) {
            problems.add(node.line(), pathOf(key), "missing (expected: " + expected + ")");
            return null;
        }
        if (entry.value().kind() == YamlNode.Kind.NULL) {
            problems.add(entry.line(), pathOf(key), "empty (expected: " + expected + ")");
            return null;
        }
        return entry.value();
    }

    /**
     * The text of the scalar under {@code key}, or null: when it is absent and optional, or after
     * a problem (missing, empty text, a list or map instead of a value).
     */
    String text(String key, String expected, boolean required) {
        YamlNode value = required ? require(key, expected) : get(key);
        if (value == null) {
            return null;
        }
        if (value.kind() != YamlNode.Kind.SCALAR) {
            problems.add(value.line(), pathOf(key), found(value) + " (expected: " + expected + ")");
            return null;
        }
        if (value.text().isBlank()) {
            problems.add(value.line(), pathOf(key), "empty (expected: " + expected + ")");
            return null;
        }
        return value.text();
    }

    /**
     * The value under {@code key} read by {@code parse}, {@code fallback} when the key is absent,
     * or null after a problem; {@code parse} reports a bad value by throwing an
     * IllegalArgumentException whose message quotes the value and says what to write.
     */
    <T> T value(String key, String expected, Function<String, T> parse, T fallback) {
        if (get(key) == null) {
            return fallback;
        }
        return parse(key, text(key, expected, false), parse);
    }

    /** Like {@link #value} for a key that must be there. */
    <T> T requiredValue(String key, String expected, Function<String, T> parse) {
        return parse(key, text(key, expected, true), parse);
    }

    private <T> T parse(String key, String text, Function<String, T> parse) {
        if (text == null) {
            return null;
        }
        try {
            return parse.apply(text);
        } catch (IllegalArgumentException e) {
            problems.add(get(key).line(), pathOf(key), e.getMessage());
            return null;
        }
    }

    /**
     * The items of the list under {@code key}; empty when the key is absent (a problem if
     * {@code required}), or after a problem (not a list; empty though required).
     */
    List<YamlNode> list(String key, String expected, boolean required) {
        YamlNode value = required ? require(key, expected) : get(key);
        if (value == null) {
            return List.of();
        }
        if (value.kind() != YamlNode.Kind.LIST) {
            problems.add(value.line(), pathOf(key), found(value) + " (expected: " + expected + ")");
            return List.of();
        }
        if (required && value.items().isEmpty()) {
            problems.add(value.line(), pathOf(key), "empty (expected: " + expected + ")");
        }
        return value.items();
    }

    String itemPath(String key, int index) {
        return pathOf(key) + "[" + index + "]";
    }

    static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
