package dev.gatehouse.config;

/**
 * One backend of a pool.
 *
 * @param name    unique within its pool; the backend's identity for hashing, stickiness and the API
 * @param address where it listens
 * @param weight  its relative share, {@code >= 1}
 */
public record BackendConfig(String name, HostPort address, int weight) {

    /** This backend with another weight (an operator's override). */
    public BackendConfig withWeight(int newWeight) {
        return new BackendConfig(name, address, newWeight);
    }
}
