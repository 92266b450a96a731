package dev.gatehouse.balancer.strategy;

import dev.gatehouse.balancer.Balancer;
import dev.gatehouse.balancer.Endpoint;
import dev.gatehouse.balancer.PickContext;
import dev.gatehouse.balancer.PoolSnapshot;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Least connections: the eligible endpoint with the fewest requests in flight per unit of
 * weight ({@code inFlight / weight}, compared exactly by cross-multiplying). Ties, such as an
 * idle pool, are broken at random in proportion to weight, so neither the first endpoint nor the
 * heavy one takes every request of a quiet pool.
 *
 * <p>Reads every endpoint's counter: O(n) per pick. For large pools prefer
 * {@code power-of-two}, which approximates this at O(1).
 *
 * @see <a href="https://docs.haproxy.org/2.8/configuration.html#4.2-balance">HAProxy: balance leastconn</a>
 * @see <a href="https://nginx.org/en/docs/http/ngx_http_upstream_module.html#least_conn">NGINX: least_conn</a>
 */
public final class LeastConnectionsBalancer implements Balancer {

    private final PoolSnapshot snapshot;
    private final Endpoint[] endpoints;
    private final Supplier<RandomGenerator> random;

    /** Breaks ties with {@link ThreadLocalRandom}. */
    public LeastConnectionsBalancer(PoolSnapshot snapshot) {
        this(snapshot, ThreadLocalRandom::current);
    }

    /** @param random the generator that breaks ties (tests pass a seeded one) */
    public LeastConnectionsBalancer(PoolSnapshot snapshot, Supplier<RandomGenerator> random) {
        this.snapshot = snapshot;
        this.endpoints = snapshot.endpoints().toArray(new Endpoint[0]);
        this.random = Objects.requireNonNull(random, "random");
    }

    @Override
    public Endpoint pick(PickContext context) {
        // First pass: the lowest load and the total weight of the endpoints tied at it.
        Endpoint best = null;
        long bestInFlight = 0;
        long tiedWeight = 0;
        int tied = 0;
        for (Endpoint e : endpoints) {
            if (!context.isEligible(e)) {
                continue;
            }
            long inFlight = e.state().inFlight();
            long cmp = best == null ? -1 : inFlight * best.weight() - bestInFlight * e.weight();
            if (cmp < 0) {
                best = e;
                bestInFlight = inFlight;
                tiedWeight = e.weight();
                tied = 1;
            } else if (cmp == 0) {
                tiedWeight += e.weight();
                tied++;
            }
        }
        if (tied <= 1) {
            return best;
        }
        // Second pass: one draw over the tied endpoints' weights (one random number, not one per tie).
        long x = random.get().nextLong(tiedWeight);
        for (Endpoint e : endpoints) {
            if (context.isEligible(e) && e.state().inFlight() * best.weight() == bestInFlight * e.weight()) {
                x -= e.weight();
                if (x < 0) {
                    return e;
                }
            }
        }
        return best; // the counters moved between the passes: the first pass's choice is still good
    }

    @Override
    public PoolSnapshot snapshot() {
        return snapshot;
    }
}
