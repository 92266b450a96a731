package dev.gatehouse.security.ratelimit;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The token buckets of one rate limit, one per key, in two generations of
 * {@link ConcurrentHashMap}: lookups go to the current generation, then the previous one (a hit
 * there moves the bucket forward); a generation that is full or older than a bucket's refill
 * time becomes the previous one, and the one before it is dropped whole. So memory stays under
 * {@code maxKeys} buckets, each request costs O(1) with no lock shared across event loops, and
 * expiry needs no sweeper thread.
 *
 * <p>A bucket dropped for age was untouched for at least its refill time, so it was full: losing
 * it changes nothing. Only a flood of new keys (more than {@code maxKeys / 2} within a refill
 * time) drops buckets early, which gives their keys a fresh burst: bounded memory wins.
 */
final class KeyedBuckets {

    private final long interval;
    private final int burst;
    private final int perGeneration;
    private final long maxAge;
    private final AtomicReference<Generation> current;

    private record Generation(ConcurrentHashMap<Object, TokenBucket> buckets,
            ConcurrentHashMap<Object, TokenBucket> previous, long started, AtomicInteger size) {
    }

    /**
     * @param interval nanoseconds one token takes to refill
     * @param burst    tokens a full bucket holds
     * @param maxKeys  buckets kept at most (both generations together), >= 2
     * @param now      the clock now (nanoTime scale)
     */
    KeyedBuckets(long interval, int burst, int maxKeys, long now) {
        if (maxKeys < 2) {
            throw new IllegalArgumentException("maxKeys: " + maxKeys + " (expected: >= 2)");
        }
        this.interval = interval;
        this.burst = burst;
        this.perGeneration = maxKeys / 2;
        // A generation lives at least one refill of a whole bucket, so what it drops was full.
        this.maxAge = Math.max(Math.multiplyExact(interval, (long) burst), 1_000_000_000L);
        this.current = new AtomicReference<>(new Generation(new ConcurrentHashMap<>(), null, now, new AtomicInteger()));
    }

    /** The bucket of {@code key}, created full when it has none (or it expired). */
    TokenBucket bucket(Object key, long now) {
        Generation g = current.get();
        if (g.size.get() >= perGeneration || now - g.started >= maxAge) {
            Generation next = new Generation(new ConcurrentHashMap<>(), g.buckets, now, new AtomicInteger());
            // Losing this race means another loop rotated: use its generation.
            g = current.compareAndSet(g, next) ? next : current.get();
        }
        TokenBucket bucket = g.buckets.get(key);
        if (bucket != null) {
            return bucket;
        }
        TokenBucket found = g.previous == null ? null : g.previous.get(key);
        if (found == null) {
            found = new TokenBucket(interval, burst, now);
        }
        TokenBucket raced = g.buckets.putIfAbsent(key, found);
        if (raced != null) {
            return raced;
        }
        g.size.incrementAndGet();
        return found;
    }

    /** Buckets held now, both generations (a key in both counts twice). */
    int size() {
        Generation g = current.get();
        return g.buckets.size() + (g.previous == null ? 0 : g.previous.size());
    }
}
