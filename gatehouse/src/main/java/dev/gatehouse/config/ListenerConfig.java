package dev.gatehouse.config;

/** One public listener: where it binds and the limits it holds every client to. */
public record ListenerConfig(String name, HostPort address, ListenerLimitsConfig limits) {
}
