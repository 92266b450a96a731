package dev.gatehouse.health;

import dev.gatehouse.balancer.Endpoint;

/**
 * Hears how real traffic fares on each endpoint of a pool, so a failing endpoint can be taken out
 * of rotation without waiting for an active probe. Called on event loops: must not block.
 */
public interface PassiveHealth {

    /** Hears nothing: for pools without outlier detection. */
    PassiveHealth NONE = new PassiveHealth() {
        @Override
        public void onSuccess(Endpoint endpoint) {
        }

        @Override
        public void onFailure(Endpoint endpoint) {
        }
    };

    /** The endpoint answered (with a status below 500). */
    void onSuccess(Endpoint endpoint);

    /** A connect failure, a reset, a timeout or a 5xx answer. */
    void onFailure(Endpoint endpoint);
}
