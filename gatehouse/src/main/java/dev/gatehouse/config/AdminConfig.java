package dev.gatehouse.config;

/** The private admin listener (API, metrics, dashboard). */
public record AdminConfig(HostPort address) {

    /** Loopback only unless the file says otherwise. */
    public static final AdminConfig DEFAULTS = new AdminConfig(new HostPort("127.0.0.1", 9901));
}
