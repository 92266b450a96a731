package dev.gatehouse.config;

import java.util.List;

/**
 * One public listener: where it binds and the limits it holds every client to.
 *
 * @param access         who may connect at all (checked when a connection is accepted), null for anyone
 * @param trustedProxies the proxies whose {@code X-Forwarded-For} is believed (CIDR blocks)
 * @param rejectUnnormalizedPaths {@code path-normalization: reject}: a path with dot-segments,
 *                       {@code %2e} or repeated slashes is answered 400 instead of normalised
 */
public record ListenerConfig(String name, HostPort address, ListenerLimitsConfig limits, AccessConfig access,
                             List<String> trustedProxies, boolean rejectUnnormalizedPaths) {

    public ListenerConfig {
        trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
    }

    /** A listener that normalises paths. */
    public ListenerConfig(String name, HostPort address, ListenerLimitsConfig limits, AccessConfig access,
                          List<String> trustedProxies) {
        this(name, address, limits, access, trustedProxies, false);
    }

    /** A listener that admits anyone, trusts no proxy and normalises paths. */
    public ListenerConfig(String name, HostPort address, ListenerLimitsConfig limits) {
        this(name, address, limits, null, List.of());
    }
}
