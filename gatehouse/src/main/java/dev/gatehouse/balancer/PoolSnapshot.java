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
    private final PoolHealthState health;

    /** A snapshot outside any compiled pool (tests, tools): its {@link #health()} is a detached one. */
    public PoolSnapshot(String name, List<Endpoint> endpoints) {
        this(name, endpoints, PoolHealthState.detached(), false);
    }

    /**
     * @param health the pool's shared health, which every endpoint's state must belong to
     */
    public PoolSnapshot(String name, List<Endpoint> endpoints, PoolHealthState health) {
        this(name, endpoints, health, true);
    }

    private PoolSnapshot(String name, List<Endpoint> endpoints, PoolHealthState health, boolean checkHealth) {
        this.name = Objects.requireNonNull(name, "name");
        this.health = Objects.requireNonNull(health, "health");
        this.endpoints = List.copyOf(endpoints);
        if (checkHealth) {
            for (Endpoint e : this.endpoints) {
                if (e.state().pool() != health) {
                    throw new IllegalArgumentException("endpoints." + e.name() + ".state.pool: " + e.state().pool()
                            + " (expected: " + health + ")");
                }
            }
        }
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

    /** The health the pool's endpoints share: panic mode, limits, slow start, ejection counts. */
    public PoolHealthState health() {
        return health;
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

    /**
     * For a request no endpoint took on its first pick: counts the refusal on every endpoint
     * whose request limit ({@code max-requests}) was all that kept it out, and says whether any
     * was (the circuit breaker refused the request, not health or an operator). Walks the pool,
     * so it is for that failure path only.
     */
    public boolean refusedByRequestLimit() {
        boolean any = false;
        for (Endpoint e : endpoints) {
            if (e.state().countRefusalAtLimit()) {
                any = true;
            }
        }
        return any;
    }
}
