package dev.gatehouse.health;

import dev.gatehouse.config.HealthCheckConfig;
import dev.gatehouse.config.PoolConfig;
import dev.gatehouse.runtime.CompiledPool;
import dev.gatehouse.runtime.RuntimeSnapshot;
import dev.gatehouse.runtime.Transport;
import io.netty.channel.EventLoopGroup;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The active health checkers of a running gateway: one {@link ActiveHealthChecker} per pool that
 * has a {@code health-check}, following the runtime through reloads.
 *
 * <p>Wiring: {@link #start} with the first snapshot, {@link #update} with each snapshot swapped
 * in, {@link #close} before the event loops shut down. On update, a pool that keeps its checks
 * keeps its checker (endpoints that stay keep their probes and verdicts); a pool that drops its
 * checks has its endpoints put back to active-healthy; a removed pool's checker stops.
 */
public final class HealthCheckers implements AutoCloseable {

    private final EventLoopGroup group;
    private final Transport transport;
    // Guarded by this.
    private Map<String, ActiveHealthChecker> checkers = new HashMap<>();
    private boolean closed;

    private HealthCheckers(EventLoopGroup group, Transport transport) {
        this.group = group;
        this.transport = transport;
    }

    /**
     * Starts the checkers of every pool of {@code snapshot} that has a {@code health-check}.
     *
     * @param group     the gateway's event loops: probes run there and never block them
     * @param transport the transport {@code group} was made for
     */
    public static HealthCheckers start(RuntimeSnapshot snapshot, EventLoopGroup group, Transport transport) {
        HealthCheckers checkers = new HealthCheckers(Objects.requireNonNull(group, "group"),
                Objects.requireNonNull(transport, "transport"));
        checkers.update(snapshot);
        return checkers;
    }

    /** Follows {@code snapshot}, the one now serving new requests. Ignored after {@link #close}. */
    public synchronized void update(RuntimeSnapshot snapshot) {
        Objects.requireNonNull(snapshot, "snapshot");
        if (closed) {
            return;
        }
        Map<String, ActiveHealthChecker> next = new HashMap<>();
        for (CompiledPool pool : snapshot.pools().values()) {
            PoolConfig pc = snapshot.config().pools().get(pool.name());
            HealthCheckConfig config = pc == null ? null : pc.healthCheck();
            ActiveHealthChecker checker = checkers.remove(pool.name());
            if (config == null) {
                if (checker != null) {
                    checker.closeAndRestore();
                }
                continue;
            }
            if (checker == null) {
                checker = ActiveHealthChecker.start(pool.balancer().snapshot(), config, group, transport);
            } else {
                checker.update(pool.balancer().snapshot(), config);
            }
            next.put(pool.name(), checker);
        }
        checkers.values().forEach(ActiveHealthChecker::close); // pools the snapshot no longer has
        checkers = next;
    }

    /** The checker of pool {@code name}, or null when it has no health checks. */
    public synchronized ActiveHealthChecker checker(String pool) {
        return checkers.get(pool);
    }

    /** Stops every probe. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        checkers.values().forEach(ActiveHealthChecker::close);
        checkers = Map.of();
    }
}
