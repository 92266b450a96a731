package dev.gatehouse.config.load;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * Turns YAML text into a {@link YamlNode} tree that remembers the line of every key and value.
 *
 * <p>Jackson's own {@code JsonNode} forgets locations, so the tree is built here from the
 * streaming {@link YAMLParser}. Duplicate keys and aliases are reported as problems: YAML
 * libraries silently keep one duplicate, which hides half of a user's edit.
 */
final class YamlTreeReader {

    // A factory is thread-safe and costly to build; parsers are cheap.
    private static final YAMLFactory FACTORY = new YAMLFactory();

    private final YAMLParser parser;
    private final Problems problems;

    private YamlTreeReader(YAMLParser parser, Problems problems) {
        this.parser = parser;
        this.problems = problems;
    }

    /**
     * Parses one YAML document. Returns its root, {@link YamlNode.Kind#NULL} for an empty
     * document, or null after a syntax error (which is then in {@code problems}).
     */
    static YamlNode read(String yaml, Problems problems) {
        try (YAMLParser parser = FACTORY.createParser(yaml)) {
            YamlTreeReader reader = new YamlTreeReader(parser, problems);
            JsonToken first = parser.nextToken();
            if (first == null) {
                return YamlNode.empty(1);
            }
            YamlNode root = reader.value(first, line(parser), "");
            if (parser.nextToken() != null) {
                problems.add(line(parser), "", "a second YAML document starts here (expected: one document per file)");
            }
            return root;
        } catch (JsonProcessingException e) {
            syntaxError(e, problems);
            return null;
        } catch (IOException e) {
            // Reading from a String does no I/O; Jackson only declares it.
            throw new UncheckedIOException(e);
        }
    }

    private YamlNode value(JsonToken token, int line, String path) throws IOException {
        return switch (token) {
            case START_OBJECT -> map(line, path);
            case START_ARRAY -> list(line, path);
            case VALUE_NULL -> YamlNode.empty(line);
            case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE -> scalar(line, path);
            default -> {
                // Tagged binary (!!binary) and the like: nothing in the config is written that way.
                problems.add(line, path, "unsupported YAML value " + token + " (expected: a plain value, list or map)");
                yield YamlNode.empty(line);
            }
        };
    }

    private YamlNode scalar(int line, String path) throws IOException {
        if (parser.isCurrentAlias()) {
            problems.add(line, path, "YAML alias *" + parser.getText() + " is not supported (expected: the value written out)");
            return YamlNode.empty(line);
        }
        return YamlNode.scalar(line, parser.getText());
    }

    private YamlNode map(int line, String path) throws IOException {
        LinkedHashMap<String, YamlNode.Entry> entries = new LinkedHashMap<>();
        JsonToken token;
        while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            int keyLine = line();
            String keyPath = path.isEmpty() ? key : path + "." + key;
            JsonToken valueToken = parser.nextToken();
            YamlNode value = value(valueToken, line(), keyPath);
            if (value.kind() == YamlNode.Kind.MAP || value.kind() == YamlNode.Kind.LIST) {
                // Report problems inside a container at its key (see YamlNode).
                value = value.atLine(keyLine);
            }
            YamlNode.Entry first = entries.get(key);
            if (first != null) {
                problems.add(keyLine, keyPath, "duplicate key (first at line " + first.line() + "; expected: each key once)");
            } else {
                entries.put(key, new YamlNode.Entry(key, keyLine, value));
            }
        }
        expect(token, JsonToken.END_OBJECT);
        return YamlNode.map(line, entries);
    }

    private YamlNode list(int line, String path) throws IOException {
        List<YamlNode> items = new ArrayList<>();
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY && token != null) {
            items.add(value(token, line(), path + "[" + items.size() + "]"));
        }
        expect(token, JsonToken.END_ARRAY);
        return YamlNode.list(line, items);
    }

    private void expect(JsonToken actual, JsonToken expected) {
        if (actual != expected) {
            // The YAML parser reports broken structure itself; this would be a Jackson bug.
            throw new IllegalStateException("YAML parser gave " + actual + " where " + expected + " was due");
        }
    }

    private int line() {
        return line(parser);
    }

    private static int line(JsonParser parser) {
        return parser.currentTokenLocation().getLineNr();
    }

    /** Records a syntax error at the line SnakeYAML blames, which is more exact than Jackson's. */
    private static void syntaxError(JsonProcessingException e, Problems problems) {
        if (e.getCause() instanceof MarkedYAMLException marked && marked.getProblemMark() != null) {
            String message = "invalid YAML: " + oneLine(marked.getProblem());
            if (marked.getContext() != null && marked.getContextMark() != null) {
                message += " (" + oneLine(marked.getContext()) + " started at line " + (marked.getContextMark().getLine() + 1) + ")";
            }
            problems.add(marked.getProblemMark().getLine() + 1, "", message);
            return;
        }
        int line = e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getLineNr());
        problems.add(line, "", "invalid YAML: " + oneLine(e.getOriginalMessage()));
    }

    private static String oneLine(String text) {
        return String.valueOf(text).strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
