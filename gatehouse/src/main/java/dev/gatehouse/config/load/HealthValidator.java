package dev.gatehouse.config.load;

import dev.gatehouse.config.CircuitBreakerConfig;
import dev.gatehouse.config.HealthCheckConfig;
import dev.gatehouse.config.HealthCheckConfig.StatusRange;
import dev.gatehouse.config.HealthCheckConfig.Type;
import dev.gatehouse.config.OutlierDetectionConfig;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks one pool's health settings: {@code health-check}, {@code outlier-detection},
 * {@code circuit-breaker}, {@code slow-start} and {@code panic-threshold}. Each reader returns
 * null after a problem and clears {@code valid[0]}, like {@link AffinityValidator}.
 */
final class HealthValidator {

    static final List<String> POOL_KEYS = List.of(
            "health-check", "outlier-detection", "circuit-breaker", "slow-start", "panic-threshold");
    private static final List<String> CHECK_KEYS = List.of("type", "path", "host", "interval", "timeout",
            "healthy-threshold", "unhealthy-threshold", "expected-status");
    /** The keys only an HTTP check reads. */
    private static final List<String> HTTP_ONLY = List.of("path", "host", "expected-status");
    private static final List<String> OUTLIER_KEYS = List.of(
            "consecutive-failures", "base-ejection-time", "max-ejection-time", "max-ejection-percent");
    private static final List<String> BREAKER_KEYS = List.of("max-requests", "max-connections", "max-pending");

    private static final String CHECK = "a map, e.g. { path: /health, interval: 5s }, or { type: tcp }";
    private static final String OUTLIER = "a map, e.g. { consecutive-failures: 5, base-ejection-time: 30s }, or {}";
    private static final String BREAKER = "a map, e.g. { max-requests: 100, max-connections: 50, max-pending: 100 }";
    private static final String DURATION = "a duration, e.g. \"5s\"";
    static final int MAX_THRESHOLD = 100;
    static final int MAX_CONSECUTIVE_FAILURES = 1000;
    static final int MAX_REQUESTS = 1_000_000;
    static final int MAX_CONNECTIONS = 1_000_000;
    static final int MAX_PENDING = 1_000_000;
    // RFC 3986 path and query characters; no fragment, no spaces.
    private static final Pattern PATH = Pattern.compile("/[A-Za-z0-9\\-._~!$&'()*+,;=:@/%?]*");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9\\-._~]+(:[0-9]{1,5})?|\\[[0-9A-Fa-f:.]+](:[0-9]{1,5})?");
    private static final Pattern STATUS = Pattern.compile("([1-5][0-9][0-9])(?:\\s*-\\s*([1-5][0-9][0-9]))?|([1-5])xx");
    private static final Pattern PERCENT = Pattern.compile("([0-9]{1,3})\\s*%?");

    private final Problems problems;

    HealthValidator(Problems problems) {
        this.problems = problems;
    }

    /** The pool's {@code health-check}: null when absent (no active checks) or after a problem. */
    HealthCheckConfig healthCheck(Section pool, boolean[] valid) {
        YamlNode node = pool.get("health-check");
        if (node == null) {
            return null;
        }
        Section check = Section.of(node, pool.pathOf("health-check"), CHECK, CHECK_KEYS, problems);
        if (check == null) {
            valid[0] = false;
            return null;
        }
        int before = problems.size();
        Type type = check.value("type", "one of: " + String.join(", ", Type.configNames()),
                HealthValidator::type, Type.HTTP);
        if (type == Type.TCP) {
            for (String key : HTTP_ONLY) {
                YamlNode.Entry entry = check.entries().get(key);
                if (entry != null) {
                    problems.add(entry.line(), check.pathOf(key), "not used by type \"tcp\" (expected: type: http,"
                            + " or no " + key + ")");
                }
            }
        }
        String path = null;
        if (type == Type.HTTP) {
            // Required: a wrong default path would fail every check, and the pool would run in panic mode.
            path = check.requiredValue("path", "the path to GET, e.g. /health (or type: tcp for a connect check)",
                    HealthValidator::path);
        }
        boolean http = type == Type.HTTP;
        String host = !http ? null
                : check.value("host", "a Host header, e.g. api.example.com", HealthValidator::host, null);
        Duration interval = check.value("interval", DURATION, ValueParsers::positiveDuration,
                HealthCheckConfig.DEFAULT_INTERVAL);
        Duration timeout = check.value("timeout", DURATION, ValueParsers::positiveDuration,
                HealthCheckConfig.DEFAULT_TIMEOUT);
        Integer healthy = check.value("healthy-threshold", "a whole number, 1.." + MAX_THRESHOLD,
                ValueParsers.wholeNumber(1, MAX_THRESHOLD), HealthCheckConfig.DEFAULT_HEALTHY_THRESHOLD);
        Integer unhealthy = check.value("unhealthy-threshold", "a whole number, 1.." + MAX_THRESHOLD,
                ValueParsers.wholeNumber(1, MAX_THRESHOLD), HealthCheckConfig.DEFAULT_UNHEALTHY_THRESHOLD);
        StatusRange expected = !http ? null : check.value("expected-status", "a status or range, e.g. 200 or 200-399",
                HealthValidator::statusRange, HealthCheckConfig.DEFAULT_EXPECTED_STATUS);
        if (problems.size() != before || type == null) {
            valid[0] = false;
            return null;
        }
        return new HealthCheckConfig(type, path, host, interval, timeout, healthy, unhealthy, expected);
    }

    /** The pool's {@code outlier-detection}: null when absent (no passive ejection) or after a problem. */
    OutlierDetectionConfig outlierDetection(Section pool, boolean[] valid) {
        YamlNode.Entry entry = pool.entries().get("outlier-detection");
        if (entry == null) {
            return null;
        }
        // "outlier-detection:" with nothing after it reads as "on, with the defaults", like {}.
        if (entry.value().kind() == YamlNode.Kind.NULL) {
            return OutlierDetectionConfig.DEFAULTS;
        }
        Section section = Section.of(entry.value(), pool.pathOf("outlier-detection"), OUTLIER, OUTLIER_KEYS, problems);
        if (section == null) {
            valid[0] = false;
            return null;
        }
        int before = problems.size();
        OutlierDetectionConfig d = OutlierDetectionConfig.DEFAULTS;
        Integer failures = section.value("consecutive-failures", "a whole number, 1.." + MAX_CONSECUTIVE_FAILURES,
                ValueParsers.wholeNumber(1, MAX_CONSECUTIVE_FAILURES), d.consecutiveFailures());
        Duration base = section.value("base-ejection-time", DURATION, ValueParsers::positiveDuration,
                d.baseEjectionTime());
        Duration max = section.value("max-ejection-time", DURATION, ValueParsers::positiveDuration, null);
        Integer percent = section.value("max-ejection-percent", "a percentage, 1..100, e.g. 50%",
                text -> percent(text, 1), d.maxEjectionPercent());
        if (base != null && max != null && max.compareTo(base) < 0) {
            problems.add(section.entries().get("max-ejection-time").line(), section.pathOf("max-ejection-time"),
                    Durations.format(max) + " is shorter than base-ejection-time " + Durations.format(base)
                            + " (expected: at least " + Durations.format(base) + ")");
        }
        if (problems.size() != before) {
            valid[0] = false;
            return null;
        }
        if (max == null) {
            // Unset: the default cap, or the base time when that is longer (no doubling then).
            max = base.compareTo(d.maxEjectionTime()) > 0 ? base : d.maxEjectionTime();
        }
        return new OutlierDetectionConfig(failures, base, max, percent);
    }

    /**
     * The pool's {@code circuit-breaker}: null when absent (no limits) or after a problem. Each
     * key is optional, but a breaker without {@code max-requests} or {@code max-connections}
     * limits nothing; {@code max-pending} only bounds the requests {@code max-connections} holds
     * back, so it needs that key.
     */
    CircuitBreakerConfig circuitBreaker(Section pool, boolean[] valid) {
        YamlNode node = pool.get("circuit-breaker");
        if (node == null) {
            return null;
        }
        Section section = Section.of(node, pool.pathOf("circuit-breaker"), BREAKER, BREAKER_KEYS, problems);
        if (section == null) {
            valid[0] = false;
            return null;
        }
        int before = problems.size();
        Integer maxRequests = section.value("max-requests", "a whole number, 1.." + MAX_REQUESTS
                + " (requests in flight per endpoint)", ValueParsers.wholeNumber(1, MAX_REQUESTS),
                CircuitBreakerConfig.NO_LIMIT);
        Integer maxConnections = section.value("max-connections", "a whole number, 1.." + MAX_CONNECTIONS
                + " (connections per endpoint)", ValueParsers.wholeNumber(1, MAX_CONNECTIONS),
                CircuitBreakerConfig.NO_LIMIT);
        Integer maxPending = section.value("max-pending", "a whole number, 0.." + MAX_PENDING
                + " (requests waiting for a connection per endpoint)", ValueParsers.wholeNumber(0, MAX_PENDING),
                CircuitBreakerConfig.DEFAULT_MAX_PENDING);
        // An empty value reads as absent, like everywhere else in the file.
        boolean connections = section.get("max-connections") != null;
        if (section.get("max-pending") != null && !connections) {
            problems.add(section.entries().get("max-pending").line(), section.pathOf("max-pending"),
                    "only applies with max-connections (expected: max-connections too, or no max-pending)");
        } else if (!connections && section.get("max-requests") == null) {
            problems.add(section.line(), section.path(), "no limit set (expected: max-requests, max-connections"
                    + " or both, e.g. { max-connections: 50, max-pending: 100 })");
        }
        if (problems.size() != before || maxRequests == null || maxConnections == null || maxPending == null) {
            valid[0] = false;
            return null;
        }
        return new CircuitBreakerConfig(maxRequests, maxConnections, maxPending);
    }

    /** The pool's {@code slow-start} window: zero when absent, null after a problem. */
    Duration slowStart(Section pool, boolean[] valid) {
        Duration d = pool.value("slow-start", "a duration, e.g. \"30s\" (0s: none)", Durations::parse, Duration.ZERO);
        if (d == null) {
            valid[0] = false;
        }
        return d;
    }

    /** The pool's {@code panic-threshold} in percent: the default when absent, null after a problem. */
    Integer panicThreshold(Section pool, int fallback, boolean[] valid) {
        Integer p = pool.value("panic-threshold", "a percentage, 0..100, e.g. 50% (0%: never)",
                text -> percent(text, 0), fallback);
        if (p == null) {
            valid[0] = false;
        }
        return p;
    }

    private static Type type(String text) {
        return Type.fromConfigName(text).orElseThrow(() -> new IllegalArgumentException(
                YamlNode.quote(text) + " is not a health check type (" + Suggestions.hint(text, Type.configNames()) + ")"));
    }

    static String path(String text) {
        if (!PATH.matcher(text).matches()) {
            String hint = text.startsWith("/") ? "letters, digits and -._~!$&'()*+,;=:@/%?, no spaces or #"
                    : "a path starting with /, e.g. /" + text.strip();
            throw new IllegalArgumentException(YamlNode.quote(text) + " is not a request path (expected: " + hint + ")");
        }
        return text;
    }

    static String host(String text) {
        if (!HOST.matcher(text).matches()) {
            throw new IllegalArgumentException(YamlNode.quote(text) + " is not a host (expected: a name or address with"
                    + " an optional port, e.g. api.example.com or 10.0.0.11:8080)");
        }
        return text;
    }

    /** {@code 200}, {@code 200-399} or {@code 2xx}. */
    static StatusRange statusRange(String text) {
        Matcher m = STATUS.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException(YamlNode.quote(text) + " is not a status or range (expected: a status"
                    + " 100..599 or a range, e.g. 200, 200-399 or 2xx)");
        }
        if (m.group(3) != null) {
            int hundreds = Integer.parseInt(m.group(3)) * 100;
            return new StatusRange(hundreds, hundreds + 99);
        }
        int from = Integer.parseInt(m.group(1));
        int to = m.group(2) == null ? from : Integer.parseInt(m.group(2));
        if (to < from) {
            throw new IllegalArgumentException(YamlNode.quote(text) + " is an empty range (expected: the lower status"
                    + " first, e.g. " + to + "-" + from + ")");
        }
        return new StatusRange(from, to);
    }

    /** {@code 50%} or {@code 50}, in {@code min..100}. */
    static int percent(String text, int min) {
        Matcher m = PERCENT.matcher(text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException(YamlNode.quote(text) + " is not a percentage (expected: " + min
                    + "..100, e.g. 50%)");
        }
        int value = Integer.parseInt(m.group(1));
        if (value < min || value > 100) {
            throw new IllegalArgumentException(text.strip() + " is out of range (expected: " + min + "%..100%)");
        }
        return value;
    }
}
