package dev.gatehouse.proxy;

import dev.gatehouse.exchange.ExchangeObserver;
import dev.gatehouse.runtime.RuntimeHolder;
import dev.gatehouse.upstream.UpstreamConnector;

/**
 * What every connection of one listener shares: the current runtime, the upstream connector,
 * and the listener's own settings.
 *
 * @param scheme       {@code http} or {@code https}, for {@code X-Forwarded-Proto}
 * @param maxBodyBytes the request body limit (413 above it), 0 for none
 * @param observer     hears about every finished exchange
 */
public record ListenerContext(String listenerName, String scheme, long maxBodyBytes,
                              RuntimeHolder runtime, UpstreamConnector upstreams, ExchangeObserver observer) {
}
