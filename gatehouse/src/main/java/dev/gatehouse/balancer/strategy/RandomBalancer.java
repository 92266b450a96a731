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
 * Weighted random: each pick draws an endpoint with probability weight / total weight. Draws
 * that hit an endpoint that is not ready or already tried are redrawn, which keeps the shares of
 * the others exact (rejection sampling); after a few misses one linear pass draws among the
 * eligible ones directly.
 *
 * <p>Stateless, so nothing to carry over and nothing shared between event loops.
 *
 * @see <a href="https://en.wikipedia.org/wiki/Fitness_proportionate_selection">Fitness proportionate selection</a>
 */
public final class RandomBalancer implements Balancer {

    private static final int DRAWS = 8;

    private final PoolSnapshot snapshot;
    private final Endpoint[] endpoints;
    private final WeightedSampler sampler;
    private final Supplier<RandomGenerator> random;

    /** Draws from {@link ThreadLocalRandom}, one generator per event loop. */
    public RandomBalancer(PoolSnapshot snapshot) {
        this(snapshot, ThreadLocalRandom::current);
    }

    /** @param random the generator for each pick (tests pass a seeded one) */
    public RandomBalancer(PoolSnapshot snapshot, Supplier<RandomGenerator> random) {
        this.snapshot = snapshot;
        this.endpoints = snapshot.endpoints().toArray(new Endpoint[0]);
        this.sampler = new WeightedSampler(endpoints);
        this.random = Objects.requireNonNull(random, "random");
    }

    @Override
    public Endpoint pick(PickContext context) {
        if (endpoints.length == 0) {
            return null;
        }
        RandomGenerator r = random.get();
        for (int i = 0; i < DRAWS; i++) {
            Endpoint e = endpoints[sampler.sample(r)];
            // Rejecting a slow-starting endpoint's draw with probability 1 - factor draws it in
            // proportion to weight × factor.
            if (context.isEligible(e) && SlowStart.takesTurn(e, r)) {
                return e;
            }
        }
        return WeightedSampler.pickEligible(endpoints, context, r);
    }

    @Override
    public PoolSnapshot snapshot() {
        return snapshot;
    }
}
