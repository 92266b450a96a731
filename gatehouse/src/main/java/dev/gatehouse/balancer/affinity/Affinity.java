package dev.gatehouse.balancer.affinity;

import dev.gatehouse.balancer.Balancer;
import dev.gatehouse.balancer.Endpoint;
import dev.gatehouse.balancer.PickContext;

/** One way of remembering a client's endpoint: finds the pinned one, or picks and pins anew. */
interface Affinity {

    /**
     * The endpoint for this request: the client's pinned endpoint if it is eligible, else one
     * from {@code strategy}, which the client is then pinned to; null when none is eligible.
     */
    Endpoint pick(PickContext context, Balancer strategy);
}
