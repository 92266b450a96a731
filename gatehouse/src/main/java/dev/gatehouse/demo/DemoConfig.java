package dev.gatehouse.demo;

import dev.gatehouse.config.AdminConfig;
import dev.gatehouse.config.AffinityConfig;
import dev.gatehouse.config.BackendConfig;
import dev.gatehouse.config.GatehouseConfig;
import dev.gatehouse.config.HostPort;
import dev.gatehouse.config.ListenerConfig;
import dev.gatehouse.config.ListenerLimitsConfig;
import dev.gatehouse.config.MatchConfig;
import dev.gatehouse.config.PoolConfig;
import dev.gatehouse.config.RouteConfig;
import dev.gatehouse.config.StrategyType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds the demo gateway configuration: listener {@code public} on loopback, one route
 * {@code /} to pool {@code demo}, round robin (or another strategy, with or without affinity)
 * over backends A, B, C, D on loopback.
 *
 * <p>The same as this YAML (with the default ports):
 * <pre>{@code
 * listeners:
 *   - name: public
 *     address: 127.0.0.1:8080
 * admin:
 *   address: 127.0.0.1:9901
 * routes:
 *   - name: demo
 *     match: { path-prefix: / }
 *     pool: demo
 * pools:
 *   demo:
 *     strategy: round-robin
 *     backends:
 *       - { name: A, address: 127.0.0.1:9001 }
 *       - { name: B, address: 127.0.0.1:9002 }
 *       - { name: C, address: 127.0.0.1:9003 }
 *       - { name: D, address: 127.0.0.1:9004 }
 * }</pre>
 *
 * <p>With another strategy or an affinity ({@code gatehouse demo --strategy NAME --affinity TYPE}),
 * the pool is set up so that the choice shows: {@code weighted} gives A weight 3 (3:1:1:1),
 * {@code consistent-hash} hashes {@value #USER_HEADER}, {@code hash} affinity keys on
 * {@value #USER_HEADER}, {@code table} affinity on the client IP and {@code cookie} affinity uses
 * the {@code GH_AFFINITY_demo} cookie.
 */
public final class DemoConfig {

    /** The demo's host: loopback only, a demo is not for the network. */
    public static final String HOST = "127.0.0.1";
    /** The name of the demo's listener. */
    public static final String LISTENER = "public";
    /** The name of the demo's pool. */
    public static final String POOL = "demo";
    /** The default port of the demo's listener. */
    public static final int DEFAULT_LISTENER_PORT = 8080;
    /** The default port of the admin side. */
    public static final int DEFAULT_ADMIN_PORT = 9901;
    /** The backends' names, in pool order. */
    public static final List<String> BACKEND_NAMES = List.of("A", "B", "C", "D");
    /** The backends' default ports, in pool order: 9001 to 9004. */
    public static final List<Integer> DEFAULT_BACKEND_PORTS = List.of(9001, 9002, 9003, 9004);
    /** The request header {@code consistent-hash} and {@code hash} affinity key on in the demo. */
    public static final String USER_HEADER = "X-User-Id";
    /** Backend A's weight under the {@code weighted} strategy (the others have 1). */
    public static final int WEIGHTED_A = 3;

    private DemoConfig() {
    }

    /** The demo configuration with its default ports. */
    public static GatehouseConfig create() {
        return create(DEFAULT_LISTENER_PORT, DEFAULT_BACKEND_PORTS);
    }

    /** The demo configuration with the listener on {@code listenerPort} and the admin side on its default port. */
    public static GatehouseConfig create(int listenerPort, List<Integer> backendPorts) {
        return create(listenerPort, DEFAULT_ADMIN_PORT, backendPorts);
    }

    /**
     * The demo configuration with the given ports (0 lets the system choose the listener's or the
     * admin side's port).
     *
     * @param backendPorts the ports of backends A, B, C and D, in that order
     * @throws IllegalArgumentException when there are not exactly four backend ports, or a port is
     *                                  outside 0..65535 (backends: 1..65535)
     */
    public static GatehouseConfig create(int listenerPort, int adminPort, List<Integer> backendPorts) {
        return create(listenerPort, adminPort, backendPorts, StrategyType.ROUND_ROBIN, null);
    }

    /**
     * The demo configuration with the given ports, balancing strategy and affinity.
     *
     * @param backendPorts the ports of backends A, B, C and D, in that order
     * @param strategy     the pool's strategy
     * @param affinity     the pool's affinity type, or null for a stateless pool
     * @throws IllegalArgumentException as {@link #create(int, int, List)} does
     */
    public static GatehouseConfig create(int listenerPort, int adminPort, List<Integer> backendPorts,
            StrategyType strategy, AffinityConfig.Type affinity) {
        Objects.requireNonNull(strategy, "strategy");
        if (backendPorts == null || backendPorts.size() != BACKEND_NAMES.size()) {
            throw new IllegalArgumentException("backendPorts: " + backendPorts
                    + " (expected: " + BACKEND_NAMES.size() + " ports, for backends " + BACKEND_NAMES + ")");
        }
        List<BackendConfig> backends = new ArrayList<>();
        for (int i = 0; i < BACKEND_NAMES.size(); i++) {
            int port = backendPorts.get(i);
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("backendPorts[" + i + "]: " + port + " (expected: 1..65535)");
            }
            int weight = strategy == StrategyType.WEIGHTED && i == 0 ? WEIGHTED_A : 1;
            backends.add(new BackendConfig(BACKEND_NAMES.get(i), new HostPort(HOST, port), weight));
        }
        PoolConfig pool = new PoolConfig(
                POOL,
                strategy,
                backends,
                PoolConfig.DEFAULT_CONNECT_TIMEOUT,
                PoolConfig.DEFAULT_RESPONSE_TIMEOUT,
                PoolConfig.DEFAULT_MAX_IDLE_PER_LOOP,
                PoolConfig.DEFAULT_IDLE_TIMEOUT,
                strategy == StrategyType.CONSISTENT_HASH ? "header:" + USER_HEADER : null,
                PoolConfig.DEFAULT_BOUNDED_LOAD,
                PoolConfig.DEFAULT_EWMA_DECAY,
                affinity(affinity));
        return new GatehouseConfig(
                List.of(new ListenerConfig(LISTENER, new HostPort(HOST, listenerPort), ListenerLimitsConfig.DEFAULTS)),
                new AdminConfig(new HostPort(HOST, adminPort)),
                List.of(new RouteConfig(POOL, new MatchConfig(null, "/"), POOL)),
                Map.of(POOL, pool));
    }

    private static AffinityConfig affinity(AffinityConfig.Type type) {
        if (type == null) {
            return null;
        }
        return switch (type) {
            case COOKIE -> AffinityConfig.cookie();
            case TABLE -> AffinityConfig.table();
            case HASH -> new AffinityConfig(AffinityConfig.Type.HASH, null, null, AffinityConfig.DEFAULT_MAX_ENTRIES,
                    "header:" + USER_HEADER, null);
        };
    }
}
