package dev.gatehouse.balancer;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * One backend as the balancer sees it: its identity (pool-unique name and resolved address), its
 * weight, and the live {@link EndpointState} shared by every snapshot that contains it.
 *
 * <p>Instances are immutable; a reload that keeps an endpoint hands the new instance the same
 * state object, so in-flight counts, latency and health carry over.
 */
public final class Endpoint {

    private final String name;
    private final InetSocketAddress address;
    private final int weight;
    private final int index;
    private final EndpointState state;

    /**
     * @param index the endpoint's position in its {@link PoolSnapshot}, used for "already tried"
     *              bookkeeping; never used as a hashing identity
     */
    public Endpoint(String name, InetSocketAddress address, int weight, int index, EndpointState state) {
        this.name = Objects.requireNonNull(name, "name");
        this.address = Objects.requireNonNull(address, "address");
        if (weight < 1) {
            throw new IllegalArgumentException("weight: " + weight + " (expected: >= 1)");
        }
        if (index < 0) {
            throw new IllegalArgumentException("index: " + index + " (expected: >= 0)");
        }
        this.weight = weight;
        this.index = index;
        this.state = Objects.requireNonNull(state, "state");
    }

    public String name() {
        return name;
    }

    public InetSocketAddress address() {
        return address;
    }

    public int weight() {
        return weight;
    }

    /** Position in the owning snapshot (0-based). */
    public int index() {
        return index;
    }

    public EndpointState state() {
        return state;
    }

    /** Whether new requests may be sent here by the usual rules (healthy, not drained); see {@link EndpointState#isReady()}. */
    public boolean isReady() {
        return state.isReady();
    }

    /** Same name and address: the endpoint a reload keeps (with its live state), whatever its weight. */
    public boolean sameIdentity(String otherName, InetSocketAddress otherAddress) {
        return name.equals(otherName) && address.equals(otherAddress);
    }

    @Override
    public String toString() {
        return name + "(" + address.getHostString() + ":" + address.getPort() + ")";
    }
}
