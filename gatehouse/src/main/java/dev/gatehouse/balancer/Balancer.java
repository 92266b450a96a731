package dev.gatehouse.balancer;

/**
 * A load-balancing strategy bound to one {@link PoolSnapshot}: picks the endpoint for a request.
 *
 * <p>Implementations are called concurrently from every event loop and must not lock or block.
 * A balancer is rebuilt for each new snapshot and is handed the previous balancer to carry warm
 * state (see {@link BalancerFactory}).
 */
public interface Balancer {

    /**
     * The endpoint for this request: a ready one that {@code context} has not already tried,
     * or {@code null} when there is none.
     */
    Endpoint pick(PickContext context);

    /** The membership this balancer picks from. */
    PoolSnapshot snapshot();
}
