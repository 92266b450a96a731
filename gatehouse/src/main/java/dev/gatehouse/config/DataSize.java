package dev.gatehouse.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A size in bytes, written in the config as {@code 512}, {@code 16KiB}, {@code 10MiB}, {@code 1GiB} (or KB/MB/GB, decimal). */
public record DataSize(long bytes) {

    private static final Pattern FORMAT = Pattern.compile("(\\d+)\\s*([A-Za-z]*)");

    public DataSize {
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes: " + bytes + " (expected: >= 0)");
        }
    }

    public static DataSize ofBytes(long bytes) {
        return new DataSize(bytes);
    }

    public static DataSize ofKibibytes(long k) {
        return new DataSize(Math.multiplyExact(k, 1024L));
    }

    public static DataSize ofMebibytes(long m) {
        return new DataSize(Math.multiplyExact(m, 1024L * 1024));
    }

    /** Parses a size; throws IllegalArgumentException whose message says what to write instead. */
    public static DataSize parse(String text) {
        Matcher m = text == null ? null : FORMAT.matcher(text.trim());
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException(quote(text) + " is not a size (expected: e.g. \"16KiB\", \"10MiB\")");
        }
        long multiplier = switch (m.group(2).toLowerCase(Locale.ROOT)) {
            case "", "b" -> 1L;
            case "kib", "k" -> 1024L;
            case "mib", "m" -> 1024L * 1024;
            case "gib", "g" -> 1024L * 1024 * 1024;
            case "kb" -> 1000L;
            case "mb" -> 1000L * 1000;
            case "gb" -> 1000L * 1000 * 1000;
            default -> throw new IllegalArgumentException(
                    quote(text) + " has an unknown unit \"" + m.group(2) + "\" (expected: B, KiB, MiB, GiB, KB, MB or GB)");
        };
        try {
            return new DataSize(Math.multiplyExact(Long.parseLong(m.group(1)), multiplier));
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException(quote(text) + " is too large (expected: at most 8EiB)");
        }
    }

    /** The size as an int, saturating at Integer.MAX_VALUE (for Netty limits, which are ints). */
    public int toIntBytes() {
        return (int) Math.min(bytes, Integer.MAX_VALUE);
    }

    private static String quote(String text) {
        return "\"" + text + "\"";
    }

    @Override
    public String toString() {
        return bytes + "B";
    }
}
