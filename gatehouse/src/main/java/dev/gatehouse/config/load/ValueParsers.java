package dev.gatehouse.config.load;

import dev.gatehouse.config.DataSize;
import java.math.BigInteger;
import java.time.Duration;
import java.util.function.Function;

/**
 * Parsers for config values that must also be in range, each failing with a message that quotes
 * the value and says what to write (the form {@link Section#value} turns into a problem).
 */
final class ValueParsers {

    private ValueParsers() {
    }

    /** A duration above zero: a zero timeout would fail every request instantly. */
    static Duration positiveDuration(String text) {
        Duration duration = Durations.parse(text);
        if (duration.isZero()) {
            throw new IllegalArgumentException(YamlNode.quote(text) + " must be more than zero (expected: e.g. \"5s\", \"500ms\")");
        }
        return duration;
    }

    /** A size above zero, for limits where zero would refuse every request. */
    static DataSize positiveSize(String text) {
        DataSize size = DataSize.parse(text);
        if (size.bytes() == 0) {
            throw new IllegalArgumentException(YamlNode.quote(text) + " must be more than zero (expected: e.g. \"8KiB\")");
        }
        return size;
    }

    /** A whole number in {@code min..max}. */
    static Function<String, Integer> wholeNumber(int min, int max) {
        String range = max == Integer.MAX_VALUE ? ">= " + min : min + ".." + max;
        return text -> {
            BigInteger value;
            try {
                value = new BigInteger(text.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(YamlNode.quote(text) + " is not a whole number (expected: " + range + ")");
            }
            if (value.compareTo(BigInteger.valueOf(min)) < 0 || value.compareTo(BigInteger.valueOf(max)) > 0) {
                throw new IllegalArgumentException(value + " is out of range (expected: " + range + ")");
            }
            return value.intValueExact();
        };
    }

    private static final String BYTE_RATE = "a size per second, e.g. \"1KiB/s\", or 0 for none";

    /** Bytes per second written as a size per second ({@code 1KiB/s}), or {@code 0} for none. */
    static Long byteRate(String text) {
        String t = text.strip();
        if (t.equals("0")) {
            return 0L;
        }
        if (!t.endsWith("/s")) {
            throw new IllegalArgumentException(YamlNode.quote(text) + " is not a rate (expected: " + BYTE_RATE + ")");
        }
        try {
            return DataSize.parse(t.substring(0, t.length() - 2)).bytes();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(YamlNode.quote(text) + " is not a rate (expected: " + BYTE_RATE + ")");
        }
    }

    /** A duration of at least one second: averaging a rate over less is mostly noise. */
    static Duration rateWindow(String text) {
        Duration duration = Durations.parse(text);
        if (duration.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException(YamlNode.quote(text) + " is too short (expected: at least \"1s\", e.g. \"10s\")");
        }
        return duration;
    }
}
