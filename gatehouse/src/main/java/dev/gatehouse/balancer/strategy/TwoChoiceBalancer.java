package dev.gatehouse.balancer.strategy;

import dev.gatehouse.balancer.Balancer;
import dev.gatehouse.balancer.Endpoint;
import dev.gatehouse.balancer.PickContext;
import dev.gatehouse.balancer.PoolSnapshot;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * The power of two choices: draw two distinct endpoints in proportion to weight (× slow-start
 * factor) and send the
 * request to the cheaper one, as its subclass prices them. Two draws give most of the benefit of
 * scanning every endpoint at O(1) cost, and avoid the herding of always picking the global
 * minimum from stale counters.
 *
 * <p>Ties go to the first draw, which is itself weighted, so an idle pool is spread by weight.
 */
abstract class TwoChoiceBalancer implements Balancer {

    private static final int ROUNDS = 4;
    private static final int MAX_REDRAWS = 16;

    private final PoolSnapshot snapshot;
    private final Endpoint[] endpoints;
    private final WeightedSampler sampler;
    private final Supplier<RandomGenerator> random;

    TwoChoiceBalancer(PoolSnapshot snapshot, Supplier<RandomGenerator> random) {
        this.snapshot = snapshot;
        this.endpoints = snapshot.endpoints().toArray(new Endpoint[0]);
        this.sampler = new WeightedSampler(endpoints);
        this.random = Objects.requireNonNull(random, "random");
    }

    /** The cost of sending one more request to {@code e}: lower wins. */
    abstract double cost(Endpoint e, long nowNanos);

    /** The time costs are computed at (only latency-aware subclasses need it). */
    long now() {
        return 0;
    }

    @Override
    public final Endpoint pick(PickContext context) {
        int n = endpoints.length;
        if (n <= 1) {
            return n == 1 && context.isEligible(endpoints[0]) ? endpoints[0] : null;
        }
        RandomGenerator r = random.get();
        long now = now();
        Endpoint single = null;
        for (int round = 0; round < ROUNDS; round++) {
            int a = draw(r, -1);
            int b = draw(r, a);
            Endpoint x = endpoints[a];
            Endpoint y = endpoints[b];
            boolean okX = context.isEligible(x);
            boolean okY = context.isEligible(y);
            if (okX && okY) {
                return cheaper(x, y, now);
            }
            if (okX || okY) {
                Endpoint one = okX ? x : y;
                if (single != null && single != one) {
                    return cheaper(single, one, now);
                }
                single = one;
            }
        }
        // Few endpoints are eligible: take the one found, or draw among the eligible directly.
        return single != null ? single : WeightedSampler.pickEligible(endpoints, context, r);
    }

    /**
     * A position drawn in proportion to weight × slow-start factor, other than {@code other}
     * (unless negative): a slow-starting endpoint's draw is kept with probability factor, else
     * drawn again. Without ramping endpoints, one plain weighted draw.
     */
    private int draw(RandomGenerator r, int other) {
        int i = 0;
        for (int attempt = 0; attempt < MAX_REDRAWS; attempt++) {
            i = other < 0 ? sampler.sample(r) : sampler.sampleOther(r, other);
            if (SlowStart.takesTurn(endpoints[i], r)) {
                return i;
            }
        }
        return i; // (nearly) everything drawn is ramping: its share among them is still fair
    }

    private Endpoint cheaper(Endpoint first, Endpoint second, long now) {
        return cost(second, now) < cost(first, now) ? second : first;
    }

    @Override
    public final PoolSnapshot snapshot() {
        return snapshot;
    }
}
