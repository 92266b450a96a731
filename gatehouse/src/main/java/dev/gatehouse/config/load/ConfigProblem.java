package dev.gatehouse.config.load;

import java.util.Objects;

/**
 * One thing wrong with a configuration file, located precisely enough to fix it without
 * searching: the file, the line, the key path and what to write instead.
 *
 * <p>{@link #toString()} is the line printed to users, e.g.
 * {@code gatehouse.yaml:14: pools.web.connect-timeout: "5" is not a duration (expected: e.g. "5s", "500ms")}.
 *
 * @param file    the file name as the user gave it
 * @param line    1-based line number; 0 when the problem concerns the whole file (e.g. it cannot be read)
 * @param path    the key path, like {@code pools.web.backends[1].address}; empty when the problem
 *                has no key (e.g. a YAML syntax error)
 * @param message the bad value and what to write instead
 */
public record ConfigProblem(String file, int line, String path, String message) {

    public ConfigProblem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
        if (line < 0) {
            throw new IllegalArgumentException("line: " + line + " (expected: >= 0)");
        }
    }

    /** {@code file:line: path: message}; the line is left out when 0 and the path when empty. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(file).append(':');
        if (line > 0) {
            out.append(line).append(':');
        }
        out.append(' ');
        if (!path.isEmpty()) {
            out.append(path).append(": ");
        }
        return out.append(message).toString();
    }
}
