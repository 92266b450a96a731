package dev.gatehouse.observability;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.gatehouse.exchange.ExchangeObserver;
import dev.gatehouse.exchange.ExchangeRecord;
import java.io.IOException;
import java.io.Writer;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import io.netty.util.internal.PlatformDependent;
import java.util.Queue;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.TimeUnit;
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
    private static final JsonFactory JSON = new JsonFactory();
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
     * Formats lines with one reused Jackson generator over one reused buffer: creating a generator
     * per line would cost more than the line itself. One per writer thread.
     */
    private static final class LineFormatter {
        private final StringBuilderWriter out = new StringBuilderWriter();
        private final JsonGenerator g;
        private final StringBuilder number = new StringBuilder(16);
        private final StringBuilder timeText = new StringBuilder(32);
        private long second = Long.MIN_VALUE;
        private String secondPrefix = "";

        LineFormatter() {
            try {
                g = JSON.createGenerator(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            g.setRootValueSeparator(null); // one object per line, nothing between them
        }

        String format(ExchangeRecord r) {
            out.buffer.setLength(0);
            try {
                g.writeStartObject();
                g.writeStringField("time", time(r.startEpochMillis()));
                g.writeStringField("request_id", r.requestId());
                g.writeStringField("client", r.clientIp());
                g.writeStringField("method", r.method());
                g.writeStringField("path", r.uri());
                g.writeNumberField("status", r.status());
                g.writeNumberField("bytes_in", r.requestBytes());
                g.writeNumberField("bytes_out", r.responseBytes());
                g.writeStringField("route", r.route());
                g.writeStringField("pool", r.pool());
                g.writeStringField("endpoint", r.endpoint());
                g.writeFieldName("upstream_ms");
                if (r.upstreamNanos() < 0) {
                    g.writeNull();
                } else {
                    g.writeNumber(millis(r.upstreamNanos()));
                }
                g.writeFieldName("total_ms");
                g.writeNumber(millis(r.totalNanos()));
                g.writeNumberField("retries", r.retries());
                g.writeStringField("failure", r.failure());
                g.writeEndObject();
                g.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e); // the buffer does not fail
            }
            return out.buffer.toString();
        }

        /**
         * {@code 2026-01-31T12:00:00.123Z}, as {@link Instant#toString()} writes it for whole
         * milliseconds; the date and time up to the second are formatted once per second, since
         * consecutive lines nearly always share them.
         */
        private String time(long epochMillis) {
            long s = Math.floorDiv(epochMillis, 1_000);
            if (s != second) {
                String full = Instant.ofEpochSecond(s).toString(); // "...:SSZ"
                secondPrefix = full.substring(0, full.length() - 1);
                second = s;
            }
            int millis = (int) Math.floorMod(epochMillis, 1_000);
            timeText.setLength(0);
            timeText.append(secondPrefix).append('.');
            if (millis < 100) {
                timeText.append('0');
            }
            if (millis < 10) {
                timeText.append('0');
            }
            return timeText.append(millis).append('Z').toString();
        }

        /** Milliseconds with microsecond precision ({@code 1.234}): enough to compare, short to read, no double formatting. */
        private String millis(long nanos) {
            long micros = Math.max(0, nanos) / 1_000;
            long fraction = micros % 1_000;
            number.setLength(0);
            number.append(micros / 1_000).append('.');
            if (fraction < 100) {
                number.append('0');
            }
            if (fraction < 10) {
                number.append('0');
            }
            return number.append(fraction).toString();
        }
    }

    /** A Writer into a reusable StringBuilder (StringWriter's StringBuffer synchronizes every append). */
    private static final class StringBuilderWriter extends Writer {
        final StringBuilder buffer = new StringBuilder(512);

        @Override
        public void write(char[] chars, int off, int len) {
            buffer.append(chars, off, len);
        }

        @Override
        public void write(String str, int off, int len) {
            buffer.append(str, off, off + len);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
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
