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
 * weight ({@code inFlight / weight}, compared exactly by cross-multiplying; a slow-starting
 * endpoint's weight is scaled by its ramp factor). Ties, such as an
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

    /** "The clock was not read": slow start needs it only while some endpoint ramps up. */
    private static final long NO_TIME = Long.MIN_VALUE;

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
        // First pass: the lowest load and the total weight of the endpoints tied at it. A ramping
        // endpoint's weight is scaled by its slow-start factor (read at one instant per pick);
        // the others' are exact whole numbers, so comparisons in double stay exact.
        long now = NO_TIME;
        Endpoint best = null;
        double bestInFlight = 0;
        double bestWeight = 0;
        double tiedWeight = 0;
        int tied = 0;
        for (Endpoint e : endpoints) {
            if (!context.isEligible(e)) {
                continue;
            }
            double weight = e.weight();
            if (e.state().isRamping()) {
                if (now == NO_TIME) {
                    now = System.nanoTime();
                }
                weight *= e.state().weightFactor(now);
            }
            double inFlight = e.state().inFlight();
            // inFlight / weight against the best's, without dividing.
            double cmp = best == null ? -1 : inFlight * bestWeight - bestInFlight * weight;
            if (cmp < 0) {
                best = e;
                bestInFlight = inFlight;
                bestWeight = weight;
                tiedWeight = weight;
                tied = 1;
            } else if (cmp == 0) {
                tiedWeight += weight;
                tied++;
            }
        }
        if (tied <= 1) {
            return best;
        }
        // Second pass: one draw over the tied endpoints' weights (one random number, not one per tie).
        double x = random.get().nextDouble(tiedWeight);
        for (Endpoint e : endpoints) {
            if (!context.isEligible(e)) {
                continue;
            }
            double weight = e.weight();
            if (now != NO_TIME && e.state().isRamping()) {
                weight *= e.state().weightFactor(now);
            }
            if (e.state().inFlight() * bestWeight == bestInFlight * weight) {
                x -= weight;
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
