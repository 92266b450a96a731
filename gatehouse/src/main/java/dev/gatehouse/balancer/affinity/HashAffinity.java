package dev.gatehouse.balancer.affinity;

import dev.gatehouse.balancer.Balancer;
import dev.gatehouse.balancer.Endpoint;
import dev.gatehouse.balancer.HashKey;
import dev.gatehouse.balancer.PickContext;
import dev.gatehouse.balancer.strategy.ConsistentHashBalancer;

/**
 * Hash affinity: stateless stickiness through a consistent-hash ring with no load bound (a
 * sticky client must not move because its endpoint is busy). When the key's endpoint is not
 * eligible, the ring's next one takes the client, so only that endpoint's clients move, and they
 * all move to the same places on every replica. Requests without the key go to the pool's
 * strategy.
 */
final class HashAffinity implements Affinity {

    private final HashKey key;
    private final ConsistentHashBalancer ring;

    HashAffinity(HashKey key, ConsistentHashBalancer ring) {
        this.key = key;
        this.ring = ring;
    }

    @Override
    public Endpoint pick(PickContext context, Balancer strategy) {
        String value = key.value(context);
        return value == null ? strategy.pick(context) : ring.pickFor(value, context);
    }
}
