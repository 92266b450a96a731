package dev.gatehouse.observability;

import dev.gatehouse.exchange.ExchangeObserver;
import dev.gatehouse.exchange.ExchangeRecord;
import io.netty.util.internal.PlatformDependent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one JSON line per finished exchange to the SLF4J logger {@value #LOGGER}, off the event
 * loops: an exchange only enqueues its record into a bounded queue (dropping and counting it when
 * the queue is full, rather than ever blocking an event loop), and one daemon thread formats the
 * lines and logs them.
 *
 * <p>A line: {@code {"time":"2026-01-31T12:00:00.123Z","request_id":"...","client":"10.0.0.5",
 * "method":"GET","path":"/a?b=c","status":200,"bytes_in":0,"bytes_out":512,"route":"web",
 * "pool":"web","endpoint":"A","upstream_ms":1.234,"total_ms":1.500,"retries":0,"failure":null}};
 * {@code upstream_ms} is null when no response head came from a backend, {@code status} is 0 when
 * the connection closed without one.
 */
public final class AccessLogObserver implements ExchangeObserver, AutoCloseable {

    /** The logger the lines go to; logback.xml gives it its own appender. */
    public static final String LOGGER = "gatehouse.access";
    /** Records waiting to be written, at most: about a second of a busy gateway's traffic. */
    public static final int DEFAULT_CAPACITY = 16_384;

    private static final Logger self = LoggerFactory.getLogger(AccessLogObserver.class);
    private static final int BATCH = 256;
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final Logger log;
    private final Queue<ExchangeRecord> queue;
    private final LongAdder dropped = new LongAdder();
    private final Thread writer;
    private volatile boolean closed;

    /** An access log writing to {@value #LOGGER} with the default capacity; its thread is started. */
    public AccessLogObserver() {
        this(LoggerFactory.getLogger(LOGGER), DEFAULT_CAPACITY);
    }

    /** @param capacity records that may wait to be written, {@code >= 1} */
    public AccessLogObserver(Logger log, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity: " + capacity + " (expected: >= 1)");
        }
        this.log = log;
        // A lock-free queue that never wakes the writer: a wake-up per request costs the event
        // loop a futex call and, on a busy core, a context switch; the writer polls instead.
        this.queue = PlatformDependent.newFixedMpscQueue(capacity);
        this.writer = new Thread(this::run, "gatehouse-access-log");
        writer.setDaemon(true);
        writer.start();
    }

    @Override
    public void onExchangeComplete(ExchangeRecord record) {
        // Checking the level is a field read in logback; when the logger is off nothing is queued.
        if (closed || !log.isInfoEnabled()) {
            return;
        }
        if (!queue.offer(record)) {
            dropped.increment();
        }
    }

    /** Records dropped because the queue was full (the writer could not keep up). */
    public long dropped() {
        return dropped.sum();
    }

    private void run() {
        List<ExchangeRecord> batch = new ArrayList<>(BATCH);
        LineFormatter formatter = new LineFormatter();
        while (!closed || !queue.isEmpty()) {
            ExchangeRecord record;
            while (batch.size() < BATCH && (record = queue.poll()) != null) {
                batch.add(record);
            }
            if (batch.isEmpty()) {
                // Lines reach the log within this pause; the event loops never wait for it.
                LockSupport.parkNanos(POLL_NANOS);
                continue;
            }
            for (ExchangeRecord r : batch) {
                write(r, formatter);
            }
            batch.clear();
        }
    }

    private void write(ExchangeRecord record, LineFormatter formatter) {
        try {
            log.info(formatter.format(record));
        } catch (RuntimeException e) {
            // One bad line must not end the writer: every later request would go unlogged.
            self.warn("access log: cannot write a line: {}", e.toString());
        }
    }

    /** The JSON line of {@code record} (without a line end). */
    public static String format(ExchangeRecord record) {
        return new LineFormatter().format(record);
    }

    /**
     * Formats lines into one reused buffer. Written out rather than through a JSON generator: the
     * line has a fixed shape, only strings need escaping, and on a busy gateway the generator's
     * bookkeeping was most of the writer thread's time. One per writer thread.
     */
    private static final class LineFormatter {
        private static final char[] HEX = "0123456789abcdef".toCharArray();

        private final StringBuilder line = new StringBuilder(512);
        private long second = Long.MIN_VALUE;
        private String secondPrefix = "";

        String format(ExchangeRecord r) {
            StringBuilder b = line;
            b.setLength(0);
            b.append("{\"time\":\"");
            time(r.startEpochMillis());
            b.append("\",\"request_id\":");
            string(r.requestId());
            b.append(",\"client\":");
            string(r.clientIp());
            b.append(",\"method\":");
            string(r.method());
            b.append(",\"path\":");
            string(r.uri());
            b.append(",\"status\":").append(r.status());
            b.append(",\"bytes_in\":").append(r.requestBytes());
            b.append(",\"bytes_out\":").append(r.responseBytes());
            b.append(",\"route\":");
            string(r.route());
            b.append(",\"pool\":");
            string(r.pool());
            b.append(",\"endpoint\":");
            string(r.endpoint());
            b.append(",\"upstream_ms\":");
            if (r.upstreamNanos() < 0) {
                b.append("null");
            } else {
                millis(r.upstreamNanos());
            }
            b.append(",\"total_ms\":");
            millis(r.totalNanos());
            b.append(",\"retries\":").append(r.retries());
            b.append(",\"failure\":");
            string(r.failure());
            return b.append('}').toString();
        }

        /** A JSON string (RFC 8259 §7): quotes, backslashes and control characters escaped; null as null. */
        private void string(String value) {
            StringBuilder b = line;
            if (value == null) {
                b.append("null");
                return;
            }
            b.append('"');
            int n = value.length();
            int from = 0;
            for (int i = 0; i < n; i++) {
                char c = value.charAt(i);
                if (c >= 0x20 && c != '"' && c != '\\' && c != 0x7F && c != 0x2028 && c != 0x2029) {
                    continue;
                }
                b.append(value, from, i);
                from = i + 1;
                switch (c) {
                    case '"' -> b.append("\\\"");
                    case '\\' -> b.append("\\\\");
                    case '\n' -> b.append("\\n");
                    case '\r' -> b.append("\\r");
                    case '\t' -> b.append("\\t");
                    // Other controls, DEL and the JavaScript line separators as six-character
                    // escapes, so that a line shown in a terminal cannot move its cursor or colours.
                    default -> b.append("\\u").append(HEX[c >> 12 & 0xF]).append(HEX[c >> 8 & 0xF])
                            .append(HEX[c >> 4 & 0xF]).append(HEX[c & 0xF]);
                }
            }
            b.append(value, from, n).append('"');
        }

        /**
         * {@code 2026-01-31T12:00:00.123Z}, as {@link Instant#toString()} writes it for whole
         * milliseconds; the date and time up to the second are formatted once per second, since
         * consecutive lines nearly always share them.
         */
        private void time(long epochMillis) {
            long s = Math.floorDiv(epochMillis, 1_000);
            if (s != second) {
                String full = Instant.ofEpochSecond(s).toString(); // "...:SSZ"
                secondPrefix = full.substring(0, full.length() - 1);
                second = s;
            }
            int millis = (int) Math.floorMod(epochMillis, 1_000);
            line.append(secondPrefix).append('.');
            threeDigits(millis);
            line.append('Z');
        }

        /** Milliseconds with microsecond precision ({@code 1.234}): enough to compare, short to read, no double formatting. */
        private void millis(long nanos) {
            long micros = Math.max(0, nanos) / 1_000;
            line.append(micros / 1_000).append('.');
            threeDigits((int) (micros % 1_000));
        }

        private void threeDigits(int value) {
            if (value < 100) {
                line.append('0');
            }
            if (value < 10) {
                line.append('0');
            }
            line.append(value);
        }
    }

    /** Writes what is queued (for at most a few seconds), then stops the writer thread. */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(writer);
        try {
            writer.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
