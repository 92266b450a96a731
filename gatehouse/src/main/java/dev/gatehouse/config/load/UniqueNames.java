package dev.gatehouse.config.load;

import java.util.HashMap;
import java.util.Map;

/**
 * Remembers the names used so far in one scope (listeners, routes, the backends of one pool) and
 * reports a name used twice, pointing at its first use.
 */
final class UniqueNames {

    private final Map<String, String> firstUse = new HashMap<>();

    /**
     * Claims {@code name} for the item at {@code itemPath}; a null name (already reported) is
     * ignored. Returns false, after a problem at {@code line}, when the name is taken.
     */
    boolean claim(String name, String itemPath, int line, String namePath, Problems problems) {
        if (name == null) {
            return true;
        }
        String first = firstUse.putIfAbsent(name, itemPath);
        if (first != null) {
            problems.add(line, namePath, YamlNode.quote(name) + " is already the name of " + first + " (expected: a unique name)");
            return false;
        }
        return true;
    }
}
