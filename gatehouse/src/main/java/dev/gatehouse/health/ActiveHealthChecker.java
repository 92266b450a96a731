package dev.gatehouse.health;

import dev.gatehouse.balancer.Endpoint;
import dev.gatehouse.balancer.EndpointState;
import dev.gatehouse.balancer.PoolSnapshot;
import dev.gatehouse.config.HealthCheckConfig;
import dev.gatehouse.config.load.Durations;
import dev.gatehouse.health.HealthHysteresis.Verdict;
import dev.gatehouse.runtime.Transport;
import io.netty.channel.EventLoopGroup;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Active health checks for one pool: a probe per endpoint, each on one of the gateway's event
 * loops (spread over them), flipping the endpoint's active-health flag after the configured
 * number of consecutive results (see {@link EndpointProbe} and {@link HealthHysteresis}).
 *
 * <p>{@link #update} follows the pool through reloads: an endpoint that stays (same live state)
 * keeps its probe and its run of results; a new one gets a probe whose first result decides; a
 * removed one's probe stops. When the check's settings change, every probe restarts with the new
 * settings but each endpoint keeps its verdict.
 */
public final class ActiveHealthChecker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ActiveHealthChecker.class);

    private final String pool;
    private final EventLoopGroup group;
    private final Transport transport;
    // Guarded by this.
    private HealthCheckConfig config;
    private Map<EndpointState, EndpointProbe> probes = new IdentityHashMap<>();
    private boolean closed;

    private ActiveHealthChecker(String pool, EventLoopGroup group, Transport transport) {
        this.pool = pool;
        this.group = group;
        this.transport = transport;
    }

    /**
     * Starts probing every endpoint of {@code snapshot} as {@code config} says.
     *
     * @param group     the event loops probes run on (the gateway's); never blocked
     * @param transport the transport {@code group} was made for
     */
    public static ActiveHealthChecker start(PoolSnapshot snapshot, HealthCheckConfig config, EventLoopGroup group,
            Transport transport) {
        Objects.requireNonNull(snapshot, "snapshot");
        ActiveHealthChecker checker = new ActiveHealthChecker(snapshot.name(), Objects.requireNonNull(group, "group"),
                Objects.requireNonNull(transport, "transport"));
        checker.update(snapshot, config);
        return checker;
    }

    /** Follows a reload of the pool: new membership, maybe new settings. */
    public synchronized void update(PoolSnapshot snapshot, HealthCheckConfig newConfig) {
        Objects.requireNonNull(newConfig, "newConfig");
        if (closed) {
            throw new IllegalStateException("pool " + pool + ": the health checker is closed");
        }
        boolean sameSettings = newConfig.equals(config);
        Map<EndpointState, EndpointProbe> next = new IdentityHashMap<>();
        for (Endpoint e : snapshot.endpoints()) {
            EndpointProbe old = probes.remove(e.state());
            if (old != null && sameSettings) {
                next.put(e.state(), old);
                continue;
            }
            Verdict initial = Verdict.UNKNOWN;
            if (old != null) {
                old.stop(false);
                initial = e.state().isActiveHealthy() ? Verdict.HEALTHY : Verdict.UNHEALTHY;
            }
            EndpointProbe probe = new EndpointProbe(pool, e, newConfig, group.next(), transport, initial);
            next.put(e.state(), probe);
            probe.start();
        }
        probes.values().forEach(p -> p.stop(false)); // endpoints the reload removed
        probes = next;
        if (!sameSettings) {
            log.info("pool {}: health checks {} every {} (timeout {}; {} to come back, {} to go out) on {} endpoint(s)",
                    pool, describe(newConfig), Durations.format(newConfig.interval()),
                    Durations.format(newConfig.timeout()), newConfig.healthyThreshold(),
                    newConfig.unhealthyThreshold(), next.size());
        }
        config = newConfig;
    }

    /** The settings the probes use. */
    public synchronized HealthCheckConfig config() {
        return config;
    }

    /** Endpoints being probed. */
    public synchronized int probes() {
        return probes.size();
    }

    /** Stops every probe; endpoints keep their last verdict (the gateway is stopping). */
    @Override
    public synchronized void close() {
        stop(false);
    }

    /** Stops every probe and puts each endpoint back to active-healthy: the pool no longer has checks. */
    synchronized void closeAndRestore() {
        stop(true);
        log.info("pool {}: health checks off", pool);
    }

    private void stop(boolean restore) {
        if (closed) {
            return;
        }
        closed = true;
        probes.values().forEach(p -> p.stop(restore));
        probes = Map.of();
    }

    private static String describe(HealthCheckConfig c) {
        return c.type() == HealthCheckConfig.Type.TCP ? "TCP connect"
                : "GET " + c.path() + " expecting " + c.expectedStatus();
    }
}
