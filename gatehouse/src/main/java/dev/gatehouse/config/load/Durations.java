package dev.gatehouse.config.load;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes durations the way the config file spells them: a whole number and a unit,
 * {@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h}.
 *
 * <p>A bare number is refused on purpose: "5" could mean seconds or milliseconds, and guessing
 * wrong turns a timeout into something a thousand times too short or too long.
 */
public final class Durations {

    private static final Pattern FORMAT = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

    private Durations() {
    }

    /**
     * Parses {@code 500ms}, {@code 10s}, {@code 5m} or {@code 1h} (zero is allowed; callers that
     * need a positive duration check it).
     *
     * @throws IllegalArgumentException whose message quotes the text and says what to write,
     *                                  e.g. {@code "5" is not a duration (expected: e.g. "5s", "500ms")}
     */
    public static Duration parse(String text) {
        Matcher m = text == null ? null : FORMAT.matcher(text.trim());
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException(quote(text) + " is not a duration (expected: e.g. \"5s\", \"500ms\")");
        }
        try {
            long amount = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            };
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(quote(text) + " is too large (expected: e.g. \"5s\", \"500ms\")");
        }
    }

    /**
     * Writes {@code duration} in the largest unit that keeps it exact, so that {@link #parse}
     * reads it back: {@code 90s}, {@code 2m}, {@code 1500ms}. Sub-millisecond parts are dropped.
     */
    public static String format(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration: " + duration + " (expected: >= 0)");
        }
        long millis = duration.toMillis();
        if (millis == 0 || millis % 1000 != 0) {
            return millis + "ms";
        }
        long seconds = millis / 1000;
        if (seconds % 3600 == 0) {
            return seconds / 3600 + "h";
        }
        if (seconds % 60 == 0) {
            return seconds / 60 + "m";
        }
        return seconds + "s";
    }

    private static String quote(String text) {
        return "\"" + text + "\"";
    }
}
