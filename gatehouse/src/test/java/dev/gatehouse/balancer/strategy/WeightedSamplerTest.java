package dev.gatehouse.balancer.strategy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gatehouse.balancer.Endpoint;
import dev.gatehouse.balancer.PoolSnapshot;
import dev.gatehouse.balancer.TestPools;
import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The alias table gives every endpoint exactly its weight's share: checked exactly, not by sampling. */
class WeightedSamplerTest {

    @Test
    void aliasTableSharesEqualWeightOverTotal_forManyRandomPools() {
        SplittableRandom random = new SplittableRandom(7);
        for (int round = 0; round < 200; round++) {
            int n = 2 + random.nextInt(40);
            String[] specs = new String[n];
            for (int i = 0; i < n; i++) {
                specs[i] = "e" + i + ":" + (1 + random.nextInt(round % 2 == 0 ? 5 : 10_000));
            }
            assertExactShares(TestPools.pool(specs));
        }
    }

    @Test
    void theExamplesOfTheStrategiesAreExact() {
        assertExactShares(TestPools.pool("A:3", "B:1", "C:1", "D:1"));
        assertExactShares(TestPools.pool("A:5", "B:1", "C:1"));
        assertExactShares(TestPools.pool("A:1", "B:10000"));
    }

    /**
     * Share of position i, times n × total: its own kept part plus what other positions hand it;
     * it must equal weight × n.
     */
    private static void assertExactShares(PoolSnapshot pool) {
        Endpoint[] endpoints = pool.endpoints().toArray(new Endpoint[0]);
        WeightedSampler sampler = new WeightedSampler(endpoints);
        int n = endpoints.length;
        long total = 0;
        boolean uniform = true;
        for (Endpoint e : endpoints) {
            total += e.weight();
            uniform &= e.weight() == endpoints[0].weight();
        }
        if (uniform) {
            return;
        }
        BigInteger[] share = new BigInteger[n];
        for (int i = 0; i < n; i++) {
            share[i] = BigInteger.ZERO;
        }
        for (int j = 0; j < n; j++) {
            share[j] = share[j].add(BigInteger.valueOf(sampler.threshold[j]));
            share[sampler.alias[j]] = share[sampler.alias[j]].add(BigInteger.valueOf(total - sampler.threshold[j]));
        }
        for (int i = 0; i < n; i++) {
            // P(i) = share[i] / (n × total) must be weight / total.
            assertThat(share[i]).as("share of %s", endpoints[i]).isEqualTo(BigInteger.valueOf((long) endpoints[i].weight() * n));
        }
    }
}
