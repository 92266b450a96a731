package dev.gatehouse.balancer;

import java.net.InetSocketAddress;
import java.util.BitSet;

/**
 * What a balancer may know about one request: the client's address, a source of hashing keys,
 * and which endpoints were already tried for it (so a retry goes elsewhere); and what the
 * balancer asks of the response: the affinity cookie to set.
 *
 * <p>One instance per request, confined to its event loop.
 */
public final class PickContext {

    private final InetSocketAddress clientAddress;
    private final HashKeySource keys;
    // Most pools are small: a long covers 64 endpoints without allocating.
    private long triedLow;
    private BitSet triedHigh;
    private int attempts;
    private String affinityCookie;

    public PickContext(InetSocketAddress clientAddress, HashKeySource keys) {
        this.clientAddress = clientAddress;
        this.keys = keys == null ? HashKeySource.NONE : keys;
    }

    /** The client's address as the gateway sees it (may be null for in-process callers). */
    public InetSocketAddress clientAddress() {
        return clientAddress;
    }

    /** Request attributes a hashing strategy may key on. */
    public HashKeySource keys() {
        return keys;
    }

    /** Whether {@code endpoint} was already tried for this request. */
    public boolean alreadyTried(Endpoint endpoint) {
        int i = endpoint.index();
        if (i < 64) {
            return (triedLow & (1L << i)) != 0;
        }
        return triedHigh != null && triedHigh.get(i - 64);
    }

    /** Records that the request was sent (or tried to be sent) to {@code endpoint}. */
    public void markTried(Endpoint endpoint) {
        attempts++;
        int i = endpoint.index();
        if (i < 64) {
            triedLow |= 1L << i;
        } else {
            if (triedHigh == null) {
                triedHigh = new BitSet();
            }
            triedHigh.set(i - 64);
        }
    }

    /** How many endpoints were tried so far. */
    public int attempts() {
        return attempts;
    }

    /**
     * The full value of a {@code Set-Cookie} header the response must carry (e.g.
     * {@code GH_AFFINITY=...; Path=/; HttpOnly; SameSite=Lax}), or null: set by a cookie
     * affinity when the client was pinned to a new endpoint. A retry's pick may replace it, so
     * read it once the request has its final endpoint.
     */
    public String affinityCookieToSet() {
        return affinityCookie;
    }

    /** Asks the proxy to add {@code Set-Cookie: setCookieValue} to the response (null: nothing). */
    public void setAffinityCookie(String setCookieValue) {
        this.affinityCookie = setCookieValue;
    }

    /**
     * Whether {@code endpoint} may take this request: not tried yet, and it accepts requests now
     * (not drained; healthy or its pool in panic mode; under its request limit; see
     * {@link EndpointState#acceptsRequest()}).
     */
    public boolean isEligible(Endpoint endpoint) {
        return !alreadyTried(endpoint) && endpoint.state().acceptsRequest();
    }
}
