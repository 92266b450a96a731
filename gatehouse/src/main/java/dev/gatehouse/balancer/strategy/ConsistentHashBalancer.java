package dev.gatehouse.balancer.strategy;

import dev.gatehouse.balancer.Balancer;
import dev.gatehouse.balancer.Endpoint;
import dev.gatehouse.balancer.HashKey;
import dev.gatehouse.balancer.PickContext;
import dev.gatehouse.balancer.PoolHealthState;
import dev.gatehouse.balancer.PoolSnapshot;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Consistent hashing with bounded loads: a request key (the client IP, a header, a cookie…) is
 * hashed onto a ring of virtual nodes, and the request goes to the first endpoint clockwise that
 * is eligible and under its load bound. {@code ip-hash} is this strategy keyed on the client IP.
 *
 * <ul>
 *   <li><b>Identity, not position.</b> An endpoint's {@value #VNODES_PER_WEIGHT} × weight
 *       virtual nodes sit at XXH64 hashes of its <em>name</em>, so the ring does not depend on
 *       config order or addresses: two gateways with the same membership agree on every key, and
 *       adding or removing one of N endpoints moves only about 1/N of the keys (those of that
 *       endpoint).</li>
 *   <li><b>Bounded loads</b> (Mirrokni, Thorup, Zadimoghaddam): with m requests in flight on the
 *       ready endpoints of total weight W, an endpoint of weight w takes a new request only while
 *       it has fewer than ceil((1 + ε) × (m + 1) × w / W); otherwise the walk goes on to the next
 *       endpoint. No endpoint then holds more than (1 + ε) times its share, and a hot key spills
 *       over to its ring neighbours instead of sinking one backend. ε = +∞ turns the bound off
 *       (strict stickiness).</li>
 *   <li>A request without the key (no such header…) is hashed on the client IP instead, and
 *       one without either goes to a random point of the ring.</li>
 * </ul>
 *
 * <p>A pick is one XXH64 of the key, a binary search over a sorted {@code long[]}, and a short
 * walk; the in-flight total is summed only when the endpoint found is busy.
 *
 * @see <a href="https://arxiv.org/abs/1608.01350">Mirrokni, Thorup, Zadimoghaddam: Consistent Hashing with Bounded Loads (2016)</a>
 * @see <a href="https://dl.acm.org/doi/10.1145/258533.258660">Karger et al.: Consistent Hashing and Random Trees (1997)</a>
 */
public final class ConsistentHashBalancer implements Balancer {

    /** Virtual nodes per unit of weight: enough for shares within a few percent. */
    public static final int VNODES_PER_WEIGHT = 160;
    /** Beyond this many virtual nodes (8 MiB of ring), weights are scaled down. */
    static final int MAX_RING = 1 << 20;
    // Keys are hashed with another seed than virtual nodes (seeds 0..k), so that a key spelled
    // like an endpoint name does not land exactly on that endpoint's first node.
    private static final long KEY_SEED = 0x6A09E667F3BCC908L;

    private final PoolSnapshot snapshot;
    private final Endpoint[] endpoints;
    private final long[] points;
    private final int[] owners;
    private final HashKey key;
    private final double epsilon;
    // Set when every endpoint reports to one pool state (a compiled pool): its running in-flight
    // total makes the load bound O(1); otherwise the bound is summed endpoint by endpoint.
    private final PoolHealthState sharedPool;
    private final long totalWeight;
    private final Supplier<RandomGenerator> random;

    /** Hashes the client IP ({@code ip-hash}) with ε = 0.25. */
    public ConsistentHashBalancer(PoolSnapshot snapshot) {
        this(snapshot, HashKey.CLIENT_IP, 0.25, ThreadLocalRandom::current);
    }

    /**
     * @param key     what to hash
     * @param epsilon the load bound's ε, {@code > 0}; {@link Double#POSITIVE_INFINITY} for none
     * @param random  places requests that have no key at all
     */
    public ConsistentHashBalancer(PoolSnapshot snapshot, HashKey key, double epsilon, Supplier<RandomGenerator> random) {
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("epsilon: " + epsilon + " (expected: > 0)");
        }
        this.snapshot = snapshot;
        this.endpoints = snapshot.endpoints().toArray(new Endpoint[0]);
        this.key = Objects.requireNonNull(key, "key");
        this.epsilon = epsilon;
        this.random = Objects.requireNonNull(random, "random");
        this.sharedPool = sharedPool(endpoints);
        long weight = 0;
        for (Endpoint e : endpoints) {
            weight += e.weight();
        }
        this.totalWeight = weight;
        VirtualNode[] ring = ring(endpoints);
        this.points = new long[ring.length];
        this.owners = new int[ring.length];
        for (int i = 0; i < ring.length; i++) {
            points[i] = ring[i].point();
            owners[i] = ring[i].owner();
        }
    }

    private record VirtualNode(long point, String name, int owner) {
    }

    private static VirtualNode[] ring(Endpoint[] endpoints) {
        long totalWeight = 0;
        for (Endpoint e : endpoints) {
            totalWeight += e.weight();
        }
        double scale = Math.min(1.0, (double) MAX_RING / ((double) VNODES_PER_WEIGHT * Math.max(1, totalWeight)));
        int size = 0;
        int[] counts = new int[endpoints.length];
        for (int i = 0; i < endpoints.length; i++) {
            counts[i] = (int) Math.max(1, Math.round((double) VNODES_PER_WEIGHT * endpoints[i].weight() * scale));
            size += counts[i];
        }
        VirtualNode[] ring = new VirtualNode[size];
        int at = 0;
        for (int i = 0; i < endpoints.length; i++) {
            byte[] name = endpoints[i].name().getBytes(StandardCharsets.UTF_8);
            for (int v = 0; v < counts[i]; v++) {
                ring[at++] = new VirtualNode(XxHash64.hash(name, v), endpoints[i].name(), i);
            }
        }
        // Equal points (vanishingly rare) are ordered by name, never by config position.
        Arrays.sort(ring, Comparator.comparingLong(VirtualNode::point).thenComparing(VirtualNode::name));
        return ring;
    }

    @Override
    public Endpoint pick(PickContext context) {
        String value = key.value(context);
        if (value == null && key != HashKey.CLIENT_IP) {
            value = HashKey.CLIENT_IP.value(context);
        }
        if (value == null) {
            return pickAt(random.get().nextLong(), context);
        }
        return pickFor(value, context);
    }

    /** The endpoint for the given key, as {@link #pick} would choose it for a request with that key. */
    public Endpoint pickFor(String keyValue, PickContext context) {
        return pickAt(XxHash64.hash(keyValue, KEY_SEED), context);
    }

    private Endpoint pickAt(long hash, PickContext context) {
        int length = points.length;
        if (length == 0) {
            return null;
        }
        int i = Arrays.binarySearch(points, hash);
        if (i < 0) {
            i = -i - 1;
        }
        if (i == length) {
            i = 0;
        }
        boolean bounded = epsilon != Double.POSITIVE_INFINITY;
        double perWeight = -1; // (1 + ε)(m + 1) / W, computed on first need
        Endpoint overloaded = null;
        for (int step = 0; step < length; step++) {
            Endpoint e = endpoints[owners[i]];
            if (context.isEligible(e)) {
                int inFlight = e.state().inFlight();
                // An idle endpoint is always under its bound (which is at least 1): no need to sum.
                if (!bounded || inFlight == 0) {
                    return e;
                }
                if (perWeight < 0) {
                    perWeight = boundPerWeight();
                }
                // The tiny slack keeps float error from lifting an exact integer bound by one.
                if (inFlight + 1 <= Math.ceil(perWeight * e.weight() - 1e-9)) {
                    return e;
                }
                if (overloaded == null) {
                    overloaded = e;
                }
            }
            if (++i == length) {
                i = 0;
            }
        }
        // Every eligible endpoint is at its bound (possible when some ready ones were already
        // tried): the key's own choice is better than nothing.
        return overloaded;
    }

    /**
     * (1 + ε) × (requests in flight + this one) / total weight. With a shared pool state, over the
     * whole pool (O(1); endpoints that are not ready count too, which only makes the bound
     * stricter); otherwise over the ready endpoints, summed.
     */
    private double boundPerWeight() {
        if (sharedPool != null) {
            return (1 + epsilon) * (sharedPool.inFlight() + 1) / Math.max(1, totalWeight);
        }
        long inFlight = 0;
        long weight = 0;
        for (Endpoint e : endpoints) {
            if (e.isReady()) {
                inFlight += e.state().inFlight();
                weight += e.weight();
            }
        }
        return (1 + epsilon) * (inFlight + 1) / Math.max(1, weight);
    }

    private static PoolHealthState sharedPool(Endpoint[] endpoints) {
        if (endpoints.length == 0) {
            return null;
        }
        PoolHealthState first = endpoints[0].state().pool();
        for (Endpoint e : endpoints) {
            if (e.state().pool() != first) {
                return null;
            }
        }
        return first;
    }

    /** The bound's ε ({@link Double#POSITIVE_INFINITY}: unbounded). */
    public double epsilon() {
        return epsilon;
    }

    @Override
    public PoolSnapshot snapshot() {
        return snapshot;
    }
}
