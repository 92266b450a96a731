package dev.gatehouse.balancer.strategy;

import dev.gatehouse.balancer.Endpoint;
import dev.gatehouse.balancer.EndpointState;
import java.util.random.RandomGenerator;

/**
 * Slow start for strategies that offer endpoints turns (round robin, smooth weighted round robin)
 * or draw them by weight (random, two choices): a ramping endpoint takes a turn or a draw it is
 * offered with probability {@link EndpointState#weightFactor}, so its share is its weight × that
 * factor while the others keep their relative shares. Costs nothing for an endpoint that is not
 * ramping (one volatile read); the clock is read only for one that is.
 */
final class SlowStart {

    private SlowStart() {
    }

    /** Whether {@code endpoint} takes the turn it was offered. */
    static boolean takesTurn(Endpoint endpoint, RandomGenerator random) {
        EndpointState state = endpoint.state();
        if (!state.isRamping()) {
            return true;
        }
        double factor = state.weightFactor(System.nanoTime());
        return factor >= 1.0 || random.nextDouble() < factor;
    }
}
