package dev.gatehouse.balancer.strategy;

import dev.gatehouse.balancer.Balancer;
import dev.gatehouse.balancer.Endpoint;
import dev.gatehouse.balancer.PickContext;
import dev.gatehouse.balancer.PoolSnapshot;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Round robin: each pick takes the next endpoint in config order, skipping those that are not
 * ready or already tried. Weights are ignored (see the weighted strategy), except that an
 * endpoint in its slow-start ramp takes only that share of its turns.
 *
 * <p>One shared counter for all event loops: a single atomic increment per pick, no lock.
 */
public final class RoundRobinBalancer implements Balancer {

    private final PoolSnapshot snapshot;
    private final Endpoint[] endpoints;
    private final AtomicInteger next;

    public RoundRobinBalancer(PoolSnapshot snapshot, Balancer previous) {
        this.snapshot = snapshot;
        List<Endpoint> list = snapshot.endpoints();
        this.endpoints = list.toArray(new Endpoint[0]);
        // Carry the position over so a reload does not send the next request back to the first endpoint.
        int start = previous instanceof RoundRobinBalancer rr ? rr.next.get() : 0;
        this.next = new AtomicInteger(start);
    }

    @Override
    public Endpoint pick(PickContext context) {
        Endpoint[] all = endpoints;
        int n = all.length;
        // Each skipped endpoint consumes a turn of the shared counter, so the turns of an endpoint
        // that is down spread over all the others instead of falling to its successor alone.
        // A slow-starting endpoint forfeits part of its turns the same way; it is still better
        // than nothing.
        Endpoint declined = null;
        for (int i = 0; i < n; i++) {
            Endpoint e = all[Math.floorMod(next.getAndIncrement(), n)];
            if (context.isEligible(e)) {
                if (SlowStart.takesTurn(e, ThreadLocalRandom.current())) {
                    return e;
                }
                if (declined == null) {
                    declined = e;
                }
            }
        }
        return declined;
    }

    @Override
    public PoolSnapshot snapshot() {
        return snapshot;
    }
}
