package dev.gatehouse.config;

import java.time.Duration;

/**
 * The limits a listener puts on each client connection and request.
 *
 * @param maxRequestLine longest request line accepted; longer is answered 414
 * @param maxHeaderSize  largest header block accepted; larger is answered 431
 * @param maxBodySize    largest request body accepted; larger is answered 413
 * @param headerTimeout  time allowed from a request's first byte to its last header byte; 408 after
 * @param idleTimeout    time an idle keep-alive connection is kept open
 * @param maxHeaders     most header fields one request head may have; more is answered 431
 * @param maxConnectionsPerClient most open connections one client IP may hold; 0 for no limit
 * @param bodyTimeout    longest a client may leave a request body waiting between two reads (the
 *                       gateway's own backpressure pauses do not count); 408 and close after
 * @param minBodyRate    least a request body must average, in bytes per second, over each
 *                       {@code minBodyRateWindow} (time the gateway itself paused reading does not
 *                       count); 408 and close below it; 0 for no minimum
 * @param minBodyRateWindow how long the body rate is averaged over
 */
public record ListenerLimitsConfig(
        DataSize maxRequestLine,
        DataSize maxHeaderSize,
        DataSize maxBodySize,
        Duration headerTimeout,
        Duration idleTimeout,
        int maxHeaders,
        int maxConnectionsPerClient,
        Duration bodyTimeout,
        long minBodyRate,
        Duration minBodyRateWindow) {

    public static final int DEFAULT_MAX_HEADERS = 100;
    public static final Duration DEFAULT_BODY_TIMEOUT = Duration.ofSeconds(30);
    /**
     * 1 KiB/s: far below any real uplink (even GPRS carries several KB/s), so no honest client is
     * cut off, yet a body trickled a few bytes at a time (slow POST, "R-U-Dead-Yet") is dropped
     * within one window instead of holding a connection for as long as the body timeout keeps
     * being reset. Apache's mod_reqtimeout (500 B/s) and Kestrel (240 B/s) are in the same range.
     */
    public static final long DEFAULT_MIN_BODY_RATE = 1024;
    /** Long enough that a short stall (a radio handover, a GC pause) averages out. */
    public static final Duration DEFAULT_MIN_BODY_RATE_WINDOW = Duration.ofSeconds(10);

    public ListenerLimitsConfig {
        if (minBodyRate < 0) {
            throw new IllegalArgumentException("minBodyRate: " + minBodyRate + " (expected: >= 0)");
        }
    }

    /** Limits with the default minimum body rate. */
    public ListenerLimitsConfig(DataSize maxRequestLine, DataSize maxHeaderSize, DataSize maxBodySize,
                                Duration headerTimeout, Duration idleTimeout, int maxHeaders,
                                int maxConnectionsPerClient, Duration bodyTimeout) {
        this(maxRequestLine, maxHeaderSize, maxBodySize, headerTimeout, idleTimeout, maxHeaders,
                maxConnectionsPerClient, bodyTimeout, DEFAULT_MIN_BODY_RATE, DEFAULT_MIN_BODY_RATE_WINDOW);
    }

    /** Limits with the default header count and body timeout, and no per-client connection limit. */
    public ListenerLimitsConfig(DataSize maxRequestLine, DataSize maxHeaderSize, DataSize maxBodySize,
                                Duration headerTimeout, Duration idleTimeout) {
        this(maxRequestLine, maxHeaderSize, maxBodySize, headerTimeout, idleTimeout, DEFAULT_MAX_HEADERS, 0,
                DEFAULT_BODY_TIMEOUT);
    }

    /** The defaults: the same order of magnitude as NGINX's and Envoy's. */
    public static final ListenerLimitsConfig DEFAULTS = new ListenerLimitsConfig(
            DataSize.ofKibibytes(8),
            DataSize.ofKibibytes(32),
            DataSize.ofMebibytes(10),
            Duration.ofSeconds(10),
            Duration.ofSeconds(60));
}
