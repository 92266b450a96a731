package dev.gatehouse.balancer;

import java.util.List;
import java.util.Objects;

/**
 * The immutable membership of one pool at one config generation: its endpoints in config order.
 * A change of membership builds a new snapshot off the request path and swaps it in.
 */
public final class PoolSnapshot {

    private final String name;
    private final List<Endpoint> endpoints;

    public PoolSnapshot(String name, List<Endpoint> endpoints) {
        this.name = Objects.requireNonNull(name, "name");
        this.endpoints = List.copyOf(endpoints);
        for (int i = 0; i < this.endpoints.size(); i++) {
            if (this.endpoints.get(i).index() != i) {
                throw new IllegalArgumentException("endpoints[" + i + "].index: "
                        + this.endpoints.get(i).index() + " (expected: " + i + ")");
            }
        }
    }

    public String name() {
        return name;
    }

    public List<Endpoint> endpoints() {
        return endpoints;
    }

    public int size() {
        return endpoints.size();
    }

    public Endpoint get(int index) {
        return endpoints.get(index);
    }

    /** The endpoint called {@code name}, or null. */
    public Endpoint find(String endpointName) {
        for (Endpoint e : endpoints) {
            if (e.name().equals(endpointName)) {
                return e;
            }
        }
        return null;
    }
}
