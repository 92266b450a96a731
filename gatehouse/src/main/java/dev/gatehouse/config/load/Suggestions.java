package dev.gatehouse.config.load;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the word a user probably meant ("did you mean ...?") among the words that are allowed,
 * so that a typo costs one glance instead of a trip to the documentation.
 */
final class Suggestions {

    private Suggestions() {
    }

    /**
     * The allowed word closest to {@code word}, if it is close enough to be a typo: at most two
     * edits, and at most one for short words (otherwise "ab" would suggest any two-letter key).
     * Case, "-" and "_" are ignored first, so {@code path_prefix} and {@code pathPrefix} find
     * {@code path-prefix}.
     */
    static Optional<String> closest(String word, Collection<String> allowed) {
        String normalized = normalize(word);
        int limit = Math.min(2, Math.max(1, normalized.length() / 3));
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : allowed) {
            int distance = distance(normalized, normalize(candidate));
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return bestDistance <= limit ? Optional.of(best) : Optional.empty();
    }

    /** {@code did you mean "x"?} when there is a close word, else {@code expected one of: a, b, c}. */
    static String hint(String word, Collection<String> allowed) {
        return closest(word, allowed)
                .map(s -> "did you mean \"" + s + "\"?")
                .orElseGet(() -> "expected one of: " + String.join(", ", allowed));
    }

    private static String normalize(String word) {
        return word.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
    }

    /**
     * Edit distance counting an insertion, deletion, substitution or swap of two neighbouring
     * letters as one edit (optimal string alignment): "nmae" is one typo away from "name".
     */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(d[i - 1][j - 1] + cost, Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1));
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
