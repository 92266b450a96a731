package dev.gatehouse.balancer.affinity;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * The client → endpoint table of {@code affinity: { type: table }}: bounded in size, entries
 * forgotten after {@code ttl} without use, lock-free to read.
 *
 * <p>Two generations of {@link ConcurrentHashMap}: new entries go into the young one, and an
 * entry found in the old one moves to the young one. When the young generation reaches half the
 * bound, or is older than the TTL, the old generation is dropped and the young one becomes old.
 * So what is evicted is what was not used during a whole generation (an approximation of
 * least-recently-used without a shared list to update on every read), the size never exceeds the
 * bound, and an unused entry is gone within two TTLs even without traffic. An entry read after
 * its TTL is removed on the spot.
 *
 * <p>One table lives as long as its pool has table affinity: it is handed from balancer to
 * balancer on reload.
 */
public final class AffinityTable {

    private final long ttlNanos;
    private final int maxEntries;
    private final LongSupplier nanoClock;
    // Refreshing lastUsed on every read would make each hit a shared write; a fraction of the TTL is precise enough.
    private final long touchNanos;
    private final AtomicReference<Generations> generations;

    private static final class Entry {
        final String endpoint;
        volatile long lastUsed;

        Entry(String endpoint, long lastUsed) {
            this.endpoint = endpoint;
            this.lastUsed = lastUsed;
        }
    }

    private record Generations(ConcurrentHashMap<String, Entry> young, ConcurrentHashMap<String, Entry> old, long bornNanos) {
    }

    /**
     * @param ttl        how long an unused entry is kept
     * @param maxEntries the size bound, {@code >= 1}
     * @param nanoClock  {@link System#nanoTime()}, or a fake clock in tests
     */
    public AffinityTable(Duration ttl, int maxEntries, LongSupplier nanoClock) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("ttl: " + ttl + " (expected: > 0)");
        }
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries: " + maxEntries + " (expected: >= 1)");
        }
        this.ttlNanos = ttl.toNanos();
        this.maxEntries = maxEntries;
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.touchNanos = Math.min(Duration.ofSeconds(1).toNanos(), ttlNanos / 16);
        this.generations = new AtomicReference<>(
                new Generations(new ConcurrentHashMap<>(), new ConcurrentHashMap<>(), nanoClock.getAsLong()));
    }

    /** The endpoint name {@code key} is pinned to, or null (never pinned, expired or evicted). */
    public String get(String key) {
        long now = nanoClock.getAsLong();
        Generations g = current(now);
        Entry e = g.young().get(key);
        boolean old = false;
        if (e == null) {
            e = g.old().get(key);
            old = true;
        }
        if (e == null) {
            return null;
        }
        if (now - e.lastUsed >= ttlNanos) {
            g.young().remove(key, e);
            g.old().remove(key, e);
            return null;
        }
        if (now - e.lastUsed >= touchNanos) {
            e.lastUsed = now;
        }
        if (old && g.young().size() < youngLimit() && g.young().putIfAbsent(key, e) == null) {
            g.old().remove(key, e);
        }
        return e.endpoint;
    }

    /** Pins {@code key} to {@code endpointName}, replacing any earlier pin. */
    public void put(String key, String endpointName) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(endpointName, "endpointName");
        long now = nanoClock.getAsLong();
        Generations g = current(now);
        // At most two rotations empty both generations, so this ends.
        while (g.young().size() >= youngLimit() || g.young().size() + g.old().size() >= maxEntries) {
            g = rotate(g, now);
        }
        g.old().remove(key);
        g.young().put(key, new Entry(endpointName, now));
    }

    /**
     * Entries held, as the admin status shows it: at most {@code maxEntries}; may include
     * entries past their TTL that no request has touched since (they go with their generation).
     */
    public int size() {
        Generations g = current(nanoClock.getAsLong());
        return g.young().size() + g.old().size();
    }

    public int maxEntries() {
        return maxEntries;
    }

    public Duration ttl() {
        return Duration.ofNanos(ttlNanos);
    }

    /**
     * This table if it already has these settings, else a new one (same clock) holding as many
     * of this table's live entries as fit: a reload that changes the TTL or the bound keeps the
     * clients' pins.
     */
    public AffinityTable withSettings(Duration ttl, int newMaxEntries) {
        if (ttl.toNanos() == ttlNanos && newMaxEntries == maxEntries) {
            return this;
        }
        AffinityTable table = new AffinityTable(ttl, newMaxEntries, nanoClock);
        Generations g = current(nanoClock.getAsLong());
        copy(g.old(), table);
        copy(g.young(), table);
        return table;
    }

    private static void copy(Map<String, Entry> from, AffinityTable to) {
        long now = to.nanoClock.getAsLong();
        from.forEach((key, e) -> {
            if (now - e.lastUsed < to.ttlNanos) {
                to.put(key, e.endpoint);
            }
        });
    }

    private int youngLimit() {
        return Math.max(1, maxEntries / 2);
    }

    /** The generations, after rotating them if the young one has outlived the TTL. */
    private Generations current(long now) {
        Generations g = generations.get();
        long age = now - g.bornNanos();
        if (age < ttlNanos) {
            return g;
        }
        if (age < 2 * ttlNanos) {
            return rotate(g, now);
        }
        // Every use rotates first once the young generation is a TTL old, so all of its entries
        // were last used before born + TTL: two TTLs on, both generations have expired.
        Generations empty = new Generations(new ConcurrentHashMap<>(), new ConcurrentHashMap<>(), now);
        return generations.compareAndSet(g, empty) ? empty : generations.get();
    }

    /** Drops the old generation and starts a young one; whoever loses the race uses the winner's. */
    private Generations rotate(Generations g, long now) {
        Generations next = new Generations(new ConcurrentHashMap<>(), g.young(), now);
        return generations.compareAndSet(g, next) ? next : generations.get();
    }
}
