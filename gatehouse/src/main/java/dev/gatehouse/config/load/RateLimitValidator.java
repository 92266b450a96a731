package dev.gatehouse.config.load;

import dev.gatehouse.config.RateLimitConfig;
import dev.gatehouse.config.RateLimitConfig.Key;
import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Checks a route's {@code rate-limit} map and builds its {@link RateLimitConfig}. */
final class RateLimitValidator {

    static final String RATE_LIMIT = "a map, e.g. { key: client-ip, rate: 100/s, burst: 200 }";
    private static final List<String> KEYS = List.of("key", "rate", "burst");
    private static final List<String> KEY_NAMES = List.of("client-ip", "header:Name", "api-key", "route");
    private static final String KEY = "client-ip, header:Name, api-key or route";
    private static final String RATE = "requests per second, minute or hour, e.g. 100/s, 600/m, 5000/h";
    private static final Pattern RATE_PATTERN = Pattern.compile("(\\d+)\\s*/\\s*([a-z]+)");
    /** Beyond this the emission interval (period / permits) loses its meaning in nanoseconds. */
    private static final long MAX_PER_SECOND = 1_000_000;
    private static final int MAX_BURST = 1_000_000;
    /** RFC 9110 token characters: what a header name may be made of. */
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    private final Problems problems;

    RateLimitValidator(Problems problems) {
        this.problems = problems;
    }

    /** The route's rate limit: null when absent, or after problems (then {@code failed} is true). */
    Result rateLimit(Section route) {
        YamlNode node = route.get("rate-limit");
        if (node == null) {
            return new Result(null, false);
        }
        Section section = Section.of(node, route.pathOf("rate-limit"), RATE_LIMIT, KEYS, problems);
        if (section == null) {
            return new Result(null, true);
        }
        KeySpec key = section.value("key", "one of " + KEY, RateLimitValidator::key, new KeySpec(Key.CLIENT_IP, null));
        Rate rate = section.requiredValue("rate", RATE, RateLimitValidator::rate);
        Integer burst = section.value("burst", "a whole number of requests from 1 to " + MAX_BURST,
                ValueParsers.wholeNumber(1, MAX_BURST), null);
        if (key == null || rate == null || (section.get("burst") != null && burst == null)) {
            return new Result(null, true);
        }
        // A burst of one period's permits is the usual default (100/s → 100 at once).
        int b = burst != null ? burst : (int) Math.min(rate.permits, MAX_BURST);
        return new Result(new RateLimitConfig(key.key, key.header, rate.permits, rate.period, b), false);
    }

    /** A rate limit or none, and whether reading it failed. */
    record Result(RateLimitConfig config, boolean failed) {
    }

    private record KeySpec(Key key, String header) {
    }

    record Rate(long permits, Duration period) {
    }

    private static KeySpec key(String text) {
        String t = text.strip();
        String lower = t.toLowerCase(Locale.ROOT);
        if (lower.startsWith("header:")) {
            String name = t.substring("header:".length()).strip();
            if (!TOKEN.matcher(name).matches()) {
                throw new IllegalArgumentException(YamlNode.quote(text)
                        + " does not name a header (expected: header:Name, e.g. header:X-Client-Id)");
            }
            return new KeySpec(Key.HEADER, name);
        }
        return switch (lower) {
            case "client-ip" -> new KeySpec(Key.CLIENT_IP, null);
            case "api-key" -> new KeySpec(Key.API_KEY, null);
            case "route" -> new KeySpec(Key.ROUTE, null);
            default -> throw new IllegalArgumentException(YamlNode.quote(text) + " is not a rate-limit key ("
                    + Suggestions.hint(lower, KEY_NAMES) + ")");
        };
    }

    static Rate rate(String text) {
        Matcher m = RATE_PATTERN.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException(YamlNode.quote(text) + " is not a rate (expected: " + RATE + ")");
        }
        Duration period = switch (m.group(2)) {
            case "s", "sec", "second" -> Duration.ofSeconds(1);
            case "m", "min", "minute" -> Duration.ofMinutes(1);
            case "h", "hour" -> Duration.ofHours(1);
            default -> throw new IllegalArgumentException(YamlNode.quote(text) + " has an unknown unit \"" + m.group(2)
                    + "\" (" + Suggestions.hint(m.group(2), List.of("s", "m", "h")) + ")");
        };
        BigInteger permits = new BigInteger(m.group(1));
        BigInteger max = BigInteger.valueOf(MAX_PER_SECOND * period.toSeconds());
        if (permits.signum() == 0 || permits.compareTo(max) > 0) {
            throw new IllegalArgumentException(YamlNode.quote(text) + " is out of range (expected: 1 to "
                    + MAX_PER_SECOND + " requests per second)");
        }
        return new Rate(permits.longValueExact(), period);
    }
}
