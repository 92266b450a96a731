package dev.gatehouse.balancer.strategy;

import dev.gatehouse.balancer.Balancer;
import dev.gatehouse.balancer.Endpoint;
import dev.gatehouse.balancer.PickContext;
import dev.gatehouse.balancer.PoolSnapshot;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Smooth weighted round robin as in NGINX: each endpoint is chosen in proportion to its weight
 * and the choices are spread out, so weights 3:1:1:1 (A, B, C, D) give the cycle
 * {@code A B A C D A} rather than a burst of three A's.
 *
 * <p>NGINX runs the algorithm under a lock at every pick. Here one full cycle is computed when
 * the snapshot is built, and a pick is one atomic increment plus an array read. An endpoint that
 * is not ready or already tried forfeits its turns, so the others keep their relative shares. Cycles longer than {@value #MAX_CYCLE} picks (huge or coprime weights) are
 * computed on proportionally scaled-down weights.
 *
 * @see <a href="https://github.com/nginx/nginx/commit/52327e0627f49dbda1e8db695e63a4b0af4448b1">NGINX: smooth weighted round-robin balancing</a>
 */
public final class WeightedRoundRobinBalancer implements Balancer {

    static final int MAX_CYCLE = 1 << 18;
    // Building the cycle costs cycle × endpoints steps; keep a reload under ~50 ms.
    private static final long MAX_BUILD_STEPS = 50_000_000L;

    private final PoolSnapshot snapshot;
    private final Endpoint[] endpoints;
    private final int[] cycle;
    private final AtomicLong next;

    /**
     * @param previous the balancer this one replaces, or null; a weighted one hands over its
     *                 position in the cycle
     */
    public WeightedRoundRobinBalancer(PoolSnapshot snapshot, Balancer previous) {
        this.snapshot = snapshot;
        this.endpoints = snapshot.endpoints().toArray(new Endpoint[0]);
        this.cycle = cycle(endpoints);
        this.next = new AtomicLong(previous instanceof WeightedRoundRobinBalancer w ? w.next.get() : 0);
    }

    @Override
    public Endpoint pick(PickContext context) {
        int length = cycle.length;
        if (length == 0) {
            return null;
        }
        // An endpoint that is not eligible forfeits its turn and the next turn is taken, so the
        // eligible endpoints keep exactly their relative shares. Every endpoint is in the cycle;
        // past a couple of rounds' worth of misses a scan of the endpoints is cheaper.
        // A slow-starting endpoint forfeits part of its turns the same way (its weight × factor).
        int walk = Math.min(length, 2 * endpoints.length + 8);
        int at = 0;
        Endpoint declined = null;
        for (int i = 0; i < walk; i++) {
            at = (int) Math.floorMod(next.getAndIncrement(), (long) length);
            Endpoint e = endpoints[cycle[at]];
            if (context.isEligible(e)) {
                if (SlowStart.takesTurn(e, ThreadLocalRandom.current())) {
                    return e;
                }
                if (declined == null) {
                    declined = e;
                }
            }
        }
        if (declined != null) {
            return declined;
        }
        int n = endpoints.length;
        for (int i = 0, j = cycle[at]; i < n; i++) {
            Endpoint e = endpoints[j];
            if (context.isEligible(e)) {
                return e;
            }
            if (++j == n) {
                j = 0;
            }
        }
        return null;
    }

    @Override
    public PoolSnapshot snapshot() {
        return snapshot;
    }

    /** One cycle of NGINX's smooth weighted round robin, as endpoint positions. */
    static int[] cycle(Endpoint[] endpoints) {
        int n = endpoints.length;
        if (n == 0) {
            return new int[0];
        }
        long[] weights = new long[n];
        long gcd = 0;
        for (int i = 0; i < n; i++) {
            weights[i] = endpoints[i].weight();
            gcd = gcd(gcd, weights[i]);
        }
        long total = 0;
        for (int i = 0; i < n; i++) {
            weights[i] /= gcd;
            total += weights[i];
        }
        long limit = Math.min(MAX_CYCLE, Math.max(n, MAX_BUILD_STEPS / n));
        if (total > limit) {
            double scale = (double) limit / total;
            total = 0;
            for (int i = 0; i < n; i++) {
                weights[i] = Math.max(1, Math.round(weights[i] * scale));
                total += weights[i];
            }
        }
        int[] cycle = new int[(int) total];
        long[] current = new long[n];
        for (int step = 0; step < cycle.length; step++) {
            // Every endpoint gains its weight; the one now highest (first on ties) is chosen and
            // pays back the total, which is what spreads its turns out.
            int best = 0;
            for (int i = 0; i < n; i++) {
                current[i] += weights[i];
                if (current[i] > current[best]) {
                    best = i;
                }
            }
            current[best] -= total;
            cycle[step] = best;
        }
        return cycle;
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
