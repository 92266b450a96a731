package dev.gatehouse.security.ratelimit;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One token bucket as the generic cell rate algorithm (GCRA, ITU-T I.371; as in Brandur Leach's
 * "Rate limiting, cells and GCRA"): the whole state is one "theoretical arrival time" updated by
 * a CAS, so buckets take no lock and cost one long each. Refill is lazy: it is the distance
 * between the clock and that time.
 */
final class TokenBucket {

    /** Emission interval: nanoseconds one token takes to refill. */
    private final long interval;
    /** {@code burst × interval}: how far the arrival time may run ahead of the clock. */
    private final long capacity;
    /** When the bucket will be full again if nobody takes a token (nanoTime scale). */
    private final AtomicLong tat;

    TokenBucket(long interval, int burst, long now) {
        this.interval = interval;
        this.capacity = Math.multiplyExact(interval, (long) burst);
        this.tat = new AtomicLong(now);
    }

    /**
     * Takes one token at {@code now}: returns the tokens left (>= 0) when admitted, or
     * {@code -(nanoseconds until a token is there)} - 1 when not (so always negative).
     */
    long tryAcquire(long now) {
        while (true) {
            long current = tat.get();
            // nanoTime may wrap: compare differences, never absolute values.
            long base = current - now < 0 ? now : current;
            long next = base + interval;
            long ahead = next - now;
            if (ahead > capacity) {
                return -(ahead - capacity) - 1;
            }
            if (tat.compareAndSet(current, next)) {
                return (capacity - ahead) / interval;
            }
        }
    }

    /** Nanoseconds from {@code now} until the bucket is full again (0 when it is full). */
    long untilFull(long now) {
        long ahead = tat.get() - now;
        return Math.max(0, ahead);
    }

    /** Time a full bucket takes to refill from empty. */
    long capacityNanos() {
        return capacity;
    }
}
