package dev.gatehouse.config.load;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One node of a parsed YAML document together with the line it was written on, so that every
 * problem found later can point at the right line.
 *
 * <p>A map or list that is the value of a key carries the line of that key: when something is
 * missing inside it, the key line is where a reader goes to add it.
 */
final class YamlNode {

    enum Kind { MAP, LIST, SCALAR, NULL }

    /** One key of a map: its line (for "unknown key" problems) and its value. */
    record Entry(String key, int line, YamlNode value) {
    }

    private final Kind kind;
    private final int line;
    private final String text;
    private final Map<String, Entry> entries;
    private final List<YamlNode> items;

    private YamlNode(Kind kind, int line, String text, Map<String, Entry> entries, List<YamlNode> items) {
        this.kind = kind;
        this.line = line;
        this.text = text;
        this.entries = entries;
        this.items = items;
    }

    static YamlNode scalar(int line, String text) {
        return new YamlNode(Kind.SCALAR, line, text, Map.of(), List.of());
    }

    static YamlNode empty(int line) {
        return new YamlNode(Kind.NULL, line, null, Map.of(), List.of());
    }

    /** A map node; {@code entries} keeps file order. */
    static YamlNode map(int line, LinkedHashMap<String, Entry> entries) {
        return new YamlNode(Kind.MAP, line, null, Collections.unmodifiableMap(entries), List.of());
    }

    static YamlNode list(int line, List<YamlNode> items) {
        return new YamlNode(Kind.LIST, line, null, Map.of(), List.copyOf(items));
    }

    /** The same node, reported at another line (see the class comment). */
    YamlNode atLine(int newLine) {
        return new YamlNode(kind, newLine, text, entries, items);
    }

    Kind kind() {
        return kind;
    }

    int line() {
        return line;
    }

    /** The scalar's text as written (numbers and booleans too); null unless this is a scalar. */
    String text() {
        return text;
    }

    /** The map's entries in file order; empty unless this is a map. */
    Map<String, Entry> entries() {
        return entries;
    }

    /** The list's items; empty unless this is a list. */
    List<YamlNode> items() {
        return items;
    }

    /** How the node reads in a problem message: {@code a map}, {@code a list}, {@code "text"}, {@code empty}. */
    String describe() {
        return switch (kind) {
            case MAP -> "a map";
            case LIST -> "a list";
            case SCALAR -> quote(text);
            case NULL -> "empty";
        };
    }

    static String quote(String text) {
        return "\"" + text + "\"";
    }
}
