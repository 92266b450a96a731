package dev.gatehouse.admin;

import dev.gatehouse.config.reload.ConfigReloader;
import dev.gatehouse.observability.ActiveExchanges;
import dev.gatehouse.observability.MetricsObserver;
import dev.gatehouse.runtime.RuntimeSnapshot;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What the admin API reads and steers in the running gateway.
 *
 * @param token     the bearer token requests must carry, or null for none
 * @param version   the gateway's version
 * @param started   when the gateway started
 * @param runtime   the snapshot serving new requests
 * @param reloader  reloads and weight changes
 * @param metrics   the metrics, or null when they are off
 * @param exchanges the exchanges in flight
 * @param accepting whether the listeners are bound and accepting (false once a stop began)
 * @param listeners each public listener's name and bound address
 */
public record AdminContext(
        String token,
        String version,
        Instant started,
        Supplier<RuntimeSnapshot> runtime,
        ConfigReloader reloader,
        MetricsObserver metrics,
        ActiveExchanges exchanges,
        BooleanSupplier accepting,
        Supplier<Map<String, InetSocketAddress>> listeners) {

    public AdminContext {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(started, "started");
        Objects.requireNonNull(runtime, "runtime");
        Objects.requireNonNull(reloader, "reloader");
        Objects.requireNonNull(exchanges, "exchanges");
        Objects.requireNonNull(accepting, "accepting");
        Objects.requireNonNull(listeners, "listeners");
    }

    /** Like the record's, without the token. */
    @Override
    public String toString() {
        return "AdminContext[version=" + version + ", token=" + (token == null ? "none" : "***") + "]";
    }
}
