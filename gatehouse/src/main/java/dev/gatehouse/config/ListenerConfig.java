package dev.gatehouse.config;

import java.util.List;

/**
 * One public listener: where it binds and the limits it holds every client to.
 *
 * @param access         who may connect at all (checked when a connection is accepted), null for anyone
 * @param trustedProxies the proxies whose {@code X-Forwarded-For} is believed (CIDR blocks)
 */
public record ListenerConfig(String name, HostPort address, ListenerLimitsConfig limits, AccessConfig access,
                             List<String> trustedProxies) {

    public ListenerConfig {
        trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
    }

    /** A listener that admits anyone and trusts no proxy. */
    public ListenerConfig(String name, HostPort address, ListenerLimitsConfig limits) {
        this(name, address, limits, null, List.of());
    }
}
