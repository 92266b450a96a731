package dev.gatehouse.balancer.affinity;

import dev.gatehouse.balancer.Balancer;
import dev.gatehouse.balancer.Endpoint;
import dev.gatehouse.balancer.HashKey;
import dev.gatehouse.balancer.PickContext;
import dev.gatehouse.balancer.PoolSnapshot;
import dev.gatehouse.balancer.strategy.ConsistentHashBalancer;
import dev.gatehouse.config.AffinityConfig;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

/**
 * A stateful pool's balancer: keeps each client on the endpoint it was pinned to, as long as that
 * endpoint is ready (and not already tried by this request), and otherwise lets the pool's
 * strategy choose and pins the client there. Only the clients of an endpoint that goes away
 * move; the others keep theirs.
 *
 * <ul>
 *   <li>{@code cookie}: a signed, opaque cookie; the proxy adds the
 *       {@link PickContext#affinityCookieToSet()} header to the response.</li>
 *   <li>{@code table}: an {@link AffinityTable} of client key → endpoint name, carried over
 *       reloads.</li>
 *   <li>{@code hash}: a consistent hash of the key, strictly (no load bound); stateless.</li>
 * </ul>
 *
 * <p>Pins name endpoints by name, so they survive reloads that keep the endpoint.
 */
public final class AffinityBalancer implements Balancer {

    private final PoolSnapshot snapshot;
    private final Balancer strategy;
    private final AffinityConfig config;
    private final Affinity affinity;
    private final AffinityTable table;

    private AffinityBalancer(PoolSnapshot snapshot, Balancer strategy, AffinityConfig config, Affinity affinity,
            AffinityTable table) {
        this.snapshot = snapshot;
        this.strategy = strategy;
        this.config = config;
        this.affinity = affinity;
        this.table = table;
    }

    /**
     * @param config      the pool's affinity
     * @param defaultKey  the key of {@code hash} affinity when the config names none (the pool's
     *                    {@code hash-key})
     * @param strategy    the pool's strategy over {@code snapshot}, used when a client is not
     *                    pinned or its endpoint is not eligible
     * @param previous    the balancer this one replaces, or null: its table is kept
     * @param nanoClock   the table's clock ({@link System#nanoTime()} in production)
     */
    public static AffinityBalancer create(AffinityConfig config, HashKey defaultKey, PoolSnapshot snapshot,
            Balancer strategy, Balancer previous, LongSupplier nanoClock) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(strategy, "strategy");
        if (strategy.snapshot() != snapshot) {
            throw new IllegalArgumentException("strategy: balances another snapshot (expected: the same snapshot)");
        }
        return switch (config.type()) {
            case COOKIE -> new AffinityBalancer(snapshot, strategy, config,
                    new CookieAffinity(snapshot, config.cookieName() != null ? config.cookieName()
                            : AffinityConfig.defaultCookieName(snapshot.name()), config.secret(), config.ttl()), null);
            case TABLE -> {
                AffinityTable table = previous instanceof AffinityBalancer a && a.table != null
                        ? a.table.withSettings(config.ttl(), config.maxEntries())
                        : new AffinityTable(config.ttl(), config.maxEntries(), nanoClock);
                yield new AffinityBalancer(snapshot, strategy, config,
                        new TableAffinity(HashKey.parse(config.key()), table, byName(snapshot)), table);
            }
            case HASH -> {
                HashKey key = config.key() != null ? HashKey.parse(config.key()) : defaultKey;
                ConsistentHashBalancer ring = new ConsistentHashBalancer(snapshot, key, Double.POSITIVE_INFINITY,
                        ThreadLocalRandom::current);
                yield new AffinityBalancer(snapshot, strategy, config, new HashAffinity(key, ring), null);
            }
        };
    }

    private static Map<String, Endpoint> byName(PoolSnapshot snapshot) {
        Map<String, Endpoint> byName = new HashMap<>();
        for (Endpoint e : snapshot.endpoints()) {
            byName.put(e.name(), e);
        }
        return byName;
    }

    @Override
    public Endpoint pick(PickContext context) {
        return affinity.pick(context, strategy);
    }

    @Override
    public PoolSnapshot snapshot() {
        return snapshot;
    }

    /** The wrapped strategy: the next balancer's strategy carries its warm state over from it. */
    public Balancer strategy() {
        return strategy;
    }

    public AffinityConfig config() {
        return config;
    }

    /** How many clients the table tracks, for the admin status; 0 unless the type is {@code table}. */
    public int tableSize() {
        return table == null ? 0 : table.size();
    }

    /** The table of {@code table} affinity, or null. */
    public AffinityTable table() {
        return table;
    }
}
