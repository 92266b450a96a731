package dev.gatehouse.balancer.strategy;

import dev.gatehouse.balancer.Endpoint;
import dev.gatehouse.balancer.PickContext;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * Draws endpoint positions at random in proportion to their weights: a binary search over
 * cumulative weights (O(log n), no allocation), or a plain uniform draw when all weights are
 * equal.
 */
final class WeightedSampler {

    private final long[] cumulative;
    private final long total;
    private final boolean uniform;

    WeightedSampler(Endpoint[] endpoints) {
        cumulative = new long[endpoints.length];
        long sum = 0;
        boolean same = true;
        for (int i = 0; i < endpoints.length; i++) {
            sum += endpoints[i].weight();
            cumulative[i] = sum;
            same &= endpoints[i].weight() == endpoints[0].weight();
        }
        total = sum;
        uniform = same;
    }

    /** A position drawn with probability weight / total weight; the pool must not be empty. */
    int sample(RandomGenerator random) {
        int n = cumulative.length;
        if (uniform) {
            return random.nextInt(n);
        }
        long x = random.nextLong(total);
        // The first position whose cumulative weight exceeds x.
        int i = Arrays.binarySearch(cumulative, x + 1);
        return i >= 0 ? i : -i - 1;
    }

    /**
     * A position other than {@code other} drawn in proportion to weight (n must be at least 2):
     * a few redraws, then a uniform pick among the rest so that one heavy endpoint cannot make
     * this loop long.
     */
    int sampleOther(RandomGenerator random, int other) {
        for (int attempt = 0; attempt < 4; attempt++) {
            int i = sample(random);
            if (i != other) {
                return i;
            }
        }
        int i = random.nextInt(cumulative.length - 1);
        return i >= other ? i + 1 : i;
    }

    /**
     * An eligible endpoint drawn in proportion to weight by one linear pass (weighted reservoir
     * sampling), or null when none is eligible: the exact fallback when quick draws keep hitting
     * endpoints that are not ready or already tried.
     */
    static Endpoint pickEligible(Endpoint[] endpoints, PickContext context, RandomGenerator random) {
        Endpoint chosen = null;
        long seen = 0;
        for (Endpoint e : endpoints) {
            if (context.isEligible(e)) {
                seen += e.weight();
                if (random.nextLong(seen) < e.weight()) {
                    chosen = e;
                }
            }
        }
        return chosen;
    }
}
