package dev.gatehouse.proxy;

import dev.gatehouse.exchange.PathNormalizer;
import dev.gatehouse.exchange.ExchangeObserver;
import dev.gatehouse.runtime.RuntimeHolder;
import dev.gatehouse.upstream.UpstreamConnector;
import java.net.InetAddress;
import java.util.function.Predicate;

/**
 * What every connection of one listener shares: the current runtime, the upstream connector,
 * and the listener's own settings.
 *
 * @param scheme       {@code http} or {@code https}, for {@code X-Forwarded-Proto}
 * @param maxBodyBytes the request body limit (413 above it), 0 for none
 * @param observer     hears about every finished exchange
 * @param peerAllowed    whether a peer may connect at all (checked at accept; the listener's
 *                       {@code access} list); null for any
 * @param trustedProxies the peers whose {@code X-Forwarded-For} is believed; null for none
 * @param pathMode       what to do with a path that is not in normal form
 */
public record ListenerContext(String listenerName, String scheme, long maxBodyBytes,
                              RuntimeHolder runtime, UpstreamConnector upstreams, ExchangeObserver observer,
                              Predicate<InetAddress> peerAllowed, Predicate<InetAddress> trustedProxies,
                              PathNormalizer.Mode pathMode) {

    /** Admits every peer; trusts no proxy. */
    private static final Predicate<InetAddress> ANY = a -> true;
    private static final Predicate<InetAddress> NONE = a -> false;

    public ListenerContext {
        peerAllowed = peerAllowed == null ? ANY : peerAllowed;
        trustedProxies = trustedProxies == null ? NONE : trustedProxies;
        pathMode = pathMode == null ? PathNormalizer.Mode.NORMALIZE : pathMode;
    }

    /** A listener that admits every peer and trusts no proxy's {@code X-Forwarded-For}. */
    public ListenerContext(String listenerName, String scheme, long maxBodyBytes,
                           RuntimeHolder runtime, UpstreamConnector upstreams, ExchangeObserver observer) {
        this(listenerName, scheme, maxBodyBytes, runtime, upstreams, observer, null, null, null);
    }
}
