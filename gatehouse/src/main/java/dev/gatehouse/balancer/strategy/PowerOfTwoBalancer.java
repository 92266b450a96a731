package dev.gatehouse.balancer.strategy;

import dev.gatehouse.balancer.Endpoint;
import dev.gatehouse.balancer.PoolSnapshot;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Power of two choices (least request): two distinct random endpoints, drawn in proportion to
 * weight, and the one with fewer requests in flight per unit of weight takes the request. A
 * backend with many requests in flight loses every comparison it is drawn into.
 *
 * @see <a href="https://www.eecs.harvard.edu/~michaelm/postscripts/tpds2001.pdf">Mitzenmacher,
 *      The Power of Two Choices in Randomized Load Balancing (2001)</a>
 * @see <a href="https://www.envoyproxy.io/docs/envoy/latest/intro/arch_overview/upstream/load_balancing/load_balancers#weighted-least-request">Envoy: least request</a>
 */
public final class PowerOfTwoBalancer extends TwoChoiceBalancer {

    /** Draws from {@link ThreadLocalRandom}. */
    public PowerOfTwoBalancer(PoolSnapshot snapshot) {
        this(snapshot, ThreadLocalRandom::current);
    }

    /** @param random the generator for each pick (tests pass a seeded one) */
    public PowerOfTwoBalancer(PoolSnapshot snapshot, Supplier<RandomGenerator> random) {
        super(snapshot, random);
    }

    @Override
    double cost(Endpoint e, long nowNanos) {
        return (double) e.state().inFlight() / e.weight();
    }
}
