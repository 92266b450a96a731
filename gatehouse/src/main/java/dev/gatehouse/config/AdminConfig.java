package dev.gatehouse.config;

import java.time.Duration;
import java.util.Objects;

/**
 * The private admin side: where its listener binds (API, metrics, health), who may use it, what
 * the gateway records about its traffic, and how long a graceful stop may take.
 *
 * @param address         where the admin listener binds; loopback by default
 * @param token           the bearer token every admin request except {@code /healthz} and
 *                        {@code /readyz} must carry; null for none. Never printed by
 *                        {@link #toString()}.
 * @param accessLog       whether each request is written as one JSON line to the logger
 *                        {@code gatehouse.access}
 * @param metrics         whether requests are counted and timed for {@code /metrics}
 * @param shutdownTimeout how long a stop (SIGTERM, Ctrl-C) waits for requests in flight to finish
 */
public record AdminConfig(HostPort address, String token, boolean accessLog, boolean metrics,
                          Duration shutdownTimeout) {

    /** The default address: loopback only. */
    public static final HostPort DEFAULT_ADDRESS = new HostPort("127.0.0.1", 9901);
    /** The default stop deadline: long enough for ordinary requests, short for a service manager. */
    public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

    /** Loopback only, no token, metrics on, access log off, 30s to stop. */
    public static final AdminConfig DEFAULTS = new AdminConfig(DEFAULT_ADDRESS);

    public AdminConfig {
        Objects.requireNonNull(address, "address");
        if (token != null && token.isBlank()) {
            throw new IllegalArgumentException("token: blank (expected: null for none, or the token)");
        }
        if (shutdownTimeout == null) {
            shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;
        } else if (shutdownTimeout.isNegative()) {
            throw new IllegalArgumentException("shutdownTimeout: " + shutdownTimeout + " (expected: >= 0)");
        }
    }

    /** The admin side on {@code address} with every other setting at its default. */
    public AdminConfig(HostPort address) {
        this(address, null, false, true, DEFAULT_SHUTDOWN_TIMEOUT);
    }

    /** Like the record's, without the token: configs end up in logs. */
    @Override
    public String toString() {
        return "AdminConfig[address=" + address + ", token=" + (token == null ? "none" : "***") + ", accessLog="
                + accessLog + ", metrics=" + metrics + ", shutdownTimeout=" + shutdownTimeout + "]";
    }
}
