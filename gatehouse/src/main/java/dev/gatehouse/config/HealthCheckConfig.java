package dev.gatehouse.config;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How the gateway probes each backend of a pool on its own ({@code pools.<name>.health-check}):
 * an HTTP GET of {@code path} whose status must be in {@code expectedStatus}, or a bare TCP
 * connect. A backend changes state only after {@code unhealthyThreshold} consecutive failed
 * probes (out of rotation) or {@code healthyThreshold} consecutive passed ones (back in).
 *
 * @param type               {@code http} (GET {@code path}) or {@code tcp} (connect only)
 * @param path               the path (and query) to GET; http only, starts with {@code /}
 * @param host               the Host header of a probe; null for the backend's address as configured
 * @param interval           time from the end of one probe to the start of the next, ±10% jitter
 * @param timeout            time allowed for connecting and receiving the response head
 * @param healthyThreshold   consecutive passed probes that bring an unhealthy backend back
 * @param unhealthyThreshold consecutive failed probes that take a healthy backend out
 * @param expectedStatus     the statuses that pass (http only), e.g. 200-399
 */
public record HealthCheckConfig(
        Type type,
        String path,
        String host,
        Duration interval,
        Duration timeout,
        int healthyThreshold,
        int unhealthyThreshold,
        StatusRange expectedStatus) {

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(2);
    public static final int DEFAULT_HEALTHY_THRESHOLD = 2;
    public static final int DEFAULT_UNHEALTHY_THRESHOLD = 3;
    /** Any 2xx or 3xx, as HAProxy and NGINX count a check as passed. */
    public static final StatusRange DEFAULT_EXPECTED_STATUS = new StatusRange(200, 399);

    /** How a backend is probed. */
    public enum Type {
        /** GET a path; the response status decides. */
        HTTP,
        /** Open a TCP connection and close it again. */
        TCP;

        /** The name written in the config file, e.g. {@code http}. */
        public String configName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The type spelled {@code name} in a config file, if there is one. */
        public static Optional<Type> fromConfigName(String name) {
            return Arrays.stream(values()).filter(t -> t.configName().equals(name)).findFirst();
        }

        /** Every config spelling, for "expected:" hints. */
        public static List<String> configNames() {
            return Arrays.stream(values()).map(Type::configName).toList();
        }
    }

    /**
     * An inclusive range of HTTP statuses, written {@code 200}, {@code 200-399} or {@code 2xx}.
     *
     * @param from the lowest status that passes, 100..599
     * @param to   the highest, {@code from}..599
     */
    public record StatusRange(int from, int to) {

        public StatusRange {
            if (from < 100 || from > 599) {
                throw new IllegalArgumentException("from: " + from + " (expected: 100..599)");
            }
            if (to < from || to > 599) {
                throw new IllegalArgumentException("to: " + to + " (expected: " + from + "..599)");
            }
        }

        public boolean contains(int status) {
            return status >= from && status <= to;
        }

        /** As the config file writes it: {@code 200} or {@code 200-399}. */
        @Override
        public String toString() {
            return from == to ? Integer.toString(from) : from + "-" + to;
        }
    }

    public HealthCheckConfig {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(timeout, "timeout");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval: " + interval + " (expected: > 0)");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout: " + timeout + " (expected: > 0)");
        }
        if (healthyThreshold < 1) {
            throw new IllegalArgumentException("healthyThreshold: " + healthyThreshold + " (expected: >= 1)");
        }
        if (unhealthyThreshold < 1) {
            throw new IllegalArgumentException("unhealthyThreshold: " + unhealthyThreshold + " (expected: >= 1)");
        }
        if (type == Type.HTTP) {
            if (path == null || !path.startsWith("/")) {
                throw new IllegalArgumentException("path: " + path + " (expected: a path starting with /)");
            }
            if (expectedStatus == null) {
                expectedStatus = DEFAULT_EXPECTED_STATUS;
            }
        }
    }

    /** GET {@code path} every 5s (2s timeout), 2 passes to come back, 3 failures to go out, 2xx/3xx pass. */
    public static HealthCheckConfig http(String path) {
        return new HealthCheckConfig(Type.HTTP, path, null, DEFAULT_INTERVAL, DEFAULT_TIMEOUT,
                DEFAULT_HEALTHY_THRESHOLD, DEFAULT_UNHEALTHY_THRESHOLD, DEFAULT_EXPECTED_STATUS);
    }

    /** Connect every 5s (2s timeout), 2 passes to come back, 3 failures to go out. */
    public static HealthCheckConfig tcp() {
        return new HealthCheckConfig(Type.TCP, null, null, DEFAULT_INTERVAL, DEFAULT_TIMEOUT,
                DEFAULT_HEALTHY_THRESHOLD, DEFAULT_UNHEALTHY_THRESHOLD, null);
    }

    /** The same check with another interval and timeout. */
    public HealthCheckConfig withTiming(Duration newInterval, Duration newTimeout) {
        return new HealthCheckConfig(type, path, host, newInterval, newTimeout, healthyThreshold, unhealthyThreshold,
                expectedStatus);
    }

    /** The same check with other thresholds. */
    public HealthCheckConfig withThresholds(int healthy, int unhealthy) {
        return new HealthCheckConfig(type, path, host, interval, timeout, healthy, unhealthy, expectedStatus);
    }
}
