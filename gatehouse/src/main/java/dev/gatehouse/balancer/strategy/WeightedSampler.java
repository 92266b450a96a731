package dev.gatehouse.balancer.strategy;

import dev.gatehouse.balancer.Endpoint;
import dev.gatehouse.balancer.PickContext;
import java.util.random.RandomGenerator;

/**
 * Draws endpoint positions at random in proportion to their weights in O(1): Vose's alias method
 * (https://www.keithschwarz.com/darts-dice-coins/), in exact integer arithmetic, built once per
 * snapshot; or a plain uniform draw when all weights are equal.
 */
final class WeightedSampler {

    private final int n;
    private final long total;
    private final boolean uniform;
    // Draw a position i uniformly, then keep it when a uniform x in [0, total) is below
    // threshold[i], else take alias[i]: position i's own share plus the shares it stands in for
    // add up to exactly weight × n / n.
    final long[] threshold;
    final int[] alias;

    WeightedSampler(Endpoint[] endpoints) {
        n = endpoints.length;
        long sum = 0;
        boolean same = true;
        for (Endpoint e : endpoints) {
            sum += e.weight();
            same &= e.weight() == endpoints[0].weight();
        }
        total = sum;
        uniform = same;
        threshold = new long[n];
        alias = new int[n];
        if (!uniform) {
            buildAliasTable(endpoints);
        }
    }

    private void buildAliasTable(Endpoint[] endpoints) {
        long[] scaled = new long[n];
        int[] small = new int[n];
        int[] large = new int[n];
        int smalls = 0;
        int larges = 0;
        for (int i = 0; i < n; i++) {
            scaled[i] = (long) endpoints[i].weight() * n;
            if (scaled[i] < total) {
                small[smalls++] = i;
            } else {
                large[larges++] = i;
            }
        }
        while (smalls > 0 && larges > 0) {
            int s = small[--smalls];
            int l = large[--larges];
            threshold[s] = scaled[s];
            alias[s] = l;
            scaled[l] -= total - scaled[s];
            if (scaled[l] < total) {
                small[smalls++] = l;
            } else {
                large[larges++] = l;
            }
        }
        while (larges > 0) {
            int l = large[--larges];
            threshold[l] = total;
            alias[l] = l;
        }
        while (smalls > 0) {
            // Only reached through rounding in float versions; exact integers end here with none.
            int s = small[--smalls];
            threshold[s] = total;
            alias[s] = s;
        }
    }

    /** A position drawn with probability weight / total weight; the pool must not be empty. */
    int sample(RandomGenerator random) {
        int i = random.nextInt(n);
        if (uniform) {
            return i;
        }
        return random.nextLong(total) < threshold[i] ? i : alias[i];
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
        int i = random.nextInt(n - 1);
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
