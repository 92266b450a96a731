package dev.gatehouse.observability;

import dev.gatehouse.exchange.ExchangeObserver;
import dev.gatehouse.exchange.ExchangeRecord;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the exchanges in flight (started and not yet complete), so that a graceful stop can wait
 * for them and the metrics can show them, and the open client connections beside them.
 */
public final class ActiveExchanges implements ExchangeObserver {

    private static final long POLL_NANOS = Duration.ofMillis(10).toNanos();

    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();

    @Override
    public void onConnectionOpened() {
        connections.incrementAndGet();
    }

    @Override
    public void onConnectionClosed() {
        connections.decrementAndGet();
    }

    /** Client connections open now. */
    public int connections() {
        return connections.get();
    }

    @Override
    public void onExchangeStart() {
        active.incrementAndGet();
    }

    @Override
    public void onExchangeComplete(ExchangeRecord record) {
        active.decrementAndGet();
    }

    /** Exchanges started and not yet complete. */
    public int active() {
        return active.get();
    }

    /**
     * Waits until no exchange is in flight or {@code timeout} has passed; returns whether none is.
     * Polls: a stop happens once, and a latch would cost every exchange a check.
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (active.get() > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            Thread.sleep(Math.max(1, Math.min(left, POLL_NANOS) / 1_000_000));
        }
        return true;
    }
}
