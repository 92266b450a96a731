package dev.gatehouse.testing;

import dev.gatehouse.Gatehouse;
import dev.gatehouse.StartupException;
import dev.gatehouse.balancer.Balancer;
import dev.gatehouse.balancer.Endpoint;
import dev.gatehouse.balancer.EndpointState;
import dev.gatehouse.config.AdminConfig;
import dev.gatehouse.config.AffinityConfig;
import dev.gatehouse.config.BackendConfig;
import dev.gatehouse.config.DataSize;
import dev.gatehouse.config.GatehouseConfig;
import dev.gatehouse.config.HostPort;
import dev.gatehouse.config.ListenerConfig;
import dev.gatehouse.config.ListenerLimitsConfig;
import dev.gatehouse.config.MatchConfig;
import dev.gatehouse.config.PoolConfig;
import dev.gatehouse.config.RouteConfig;
import dev.gatehouse.config.StrategyType;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A gateway for one test: built from a few calls instead of a YAML file, listening on
 * {@code 127.0.0.1:0}, closed by {@link #close()}.
 *
 * <pre>{@code
 * GatewayFixture gateway = GatewayFixture.builder()
 *         .pool("web", pool -> pool.backend("A", a.port()).backend("B", b.port()))
 *         .route(null, "/", "web")
 *         .start();
 * }</pre>
 * Without any {@code route}, one route {@code /} goes to the first pool.
 */
public final class GatewayFixture implements AutoCloseable {

    /** The name of the fixture's only listener. */
    public static final String LISTENER = "public";

    private final Gatehouse gatehouse;
    private final GatehouseConfig config;

    private GatewayFixture(Gatehouse gatehouse, GatehouseConfig config) {
        this.gatehouse = gatehouse;
        this.config = config;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The port the listener got. */
    public int port() {
        return gatehouse.listenerPort(LISTENER);
    }

    public Gatehouse gatehouse() {
        return gatehouse;
    }

    public GatehouseConfig config() {
        return config;
    }

    /** The balancer pool {@code pool} picks with now (an affinity wrapper, for a stateful pool). */
    public Balancer balancer(String pool) {
        return gatehouse.runtime().pool(pool).balancer();
    }

    /** The live state (in flight, latency, ready) of backend {@code backend} in pool {@code pool}. */
    public EndpointState endpointState(String pool, String backend) {
        Endpoint endpoint = balancer(pool).snapshot().find(backend);
        if (endpoint == null) {
            throw new IllegalArgumentException("backend: " + backend + " (expected: one of pool " + pool + ")");
        }
        return endpoint.state();
    }

    /** A new raw connection to the gateway. */
    public RawHttpClient connect() throws IOException {
        return new RawHttpClient(port());
    }

    /** Sends {@code request} on a new connection and reads one response. */
    public RawHttpClient.Response exchange(String request) throws IOException {
        try (RawHttpClient client = connect()) {
            return client.exchange(request);
        }
    }

    @Override
    public void close() {
        gatehouse.close();
    }

    /** How one pool is set up; defaults are {@link PoolConfig}'s. */
    public static final class PoolSpec {
        private final List<BackendConfig> backends = new ArrayList<>();
        private Duration connectTimeout = PoolConfig.DEFAULT_CONNECT_TIMEOUT;
        private Duration responseTimeout = PoolConfig.DEFAULT_RESPONSE_TIMEOUT;
        private int maxIdlePerLoop = PoolConfig.DEFAULT_MAX_IDLE_PER_LOOP;
        private Duration idleTimeout = PoolConfig.DEFAULT_IDLE_TIMEOUT;
        private StrategyType strategy = StrategyType.ROUND_ROBIN;
        private String hashKey;
        private double boundedLoad = PoolConfig.DEFAULT_BOUNDED_LOAD;
        private Duration ewmaDecay = PoolConfig.DEFAULT_EWMA_DECAY;
        private AffinityConfig affinity;

        /** Adds backend {@code name} at {@code 127.0.0.1:port}, weight 1. */
        public PoolSpec backend(String name, int port) {
            return backend(name, port, 1);
        }

        /** Adds backend {@code name} at {@code 127.0.0.1:port} with {@code weight}. */
        public PoolSpec backend(String name, int port, int weight) {
            backends.add(new BackendConfig(name, new HostPort("127.0.0.1", port), weight));
            return this;
        }

        /** The balancing strategy (default: round robin). */
        public PoolSpec strategy(StrategyType s) {
            strategy = s;
            return this;
        }

        /** What a hashing strategy or hash affinity hashes, in config spelling, e.g. {@code header:X-User-Id}. */
        public PoolSpec hashKey(String spec) {
            hashKey = spec;
            return this;
        }

        /** ε of consistent hashing with bounded loads (default 0.25). */
        public PoolSpec boundedLoad(double epsilon) {
            boundedLoad = epsilon;
            return this;
        }

        /** How fast the {@code ewma} strategy forgets a latency (default 10s). */
        public PoolSpec ewmaDecay(Duration d) {
            ewmaDecay = d;
            return this;
        }

        /** Makes the pool stateful (default: stateless). */
        public PoolSpec affinity(AffinityConfig a) {
            affinity = a;
            return this;
        }

        public PoolSpec connectTimeout(Duration d) {
            connectTimeout = d;
            return this;
        }

        public PoolSpec responseTimeout(Duration d) {
            responseTimeout = d;
            return this;
        }

        public PoolSpec maxIdlePerLoop(int n) {
            maxIdlePerLoop = n;
            return this;
        }

        public PoolSpec idleTimeout(Duration d) {
            idleTimeout = d;
            return this;
        }

        PoolConfig build(String name) {
            return new PoolConfig(name, strategy, backends, connectTimeout, responseTimeout,
                    maxIdlePerLoop, idleTimeout, hashKey, boundedLoad, ewmaDecay, affinity);
        }
    }

    /** Collects listener limits, pools and routes, then starts the gateway. */
    public static final class Builder {
        private DataSize maxRequestLine = ListenerLimitsConfig.DEFAULTS.maxRequestLine();
        private DataSize maxHeaderSize = ListenerLimitsConfig.DEFAULTS.maxHeaderSize();
        private DataSize maxBodySize = ListenerLimitsConfig.DEFAULTS.maxBodySize();
        private Duration headerTimeout = ListenerLimitsConfig.DEFAULTS.headerTimeout();
        private Duration idleTimeout = ListenerLimitsConfig.DEFAULTS.idleTimeout();
        private final Map<String, PoolConfig> pools = new LinkedHashMap<>();
        private final List<RouteConfig> routes = new ArrayList<>();

        private Builder() {
        }

        public Builder maxRequestLine(DataSize size) {
            maxRequestLine = size;
            return this;
        }

        public Builder maxHeaderSize(DataSize size) {
            maxHeaderSize = size;
            return this;
        }

        /** The request body limit; 0 for none. */
        public Builder maxBodySize(DataSize size) {
            maxBodySize = size;
            return this;
        }

        public Builder headerTimeout(Duration d) {
            headerTimeout = d;
            return this;
        }

        public Builder idleTimeout(Duration d) {
            idleTimeout = d;
            return this;
        }

        /** Adds pool {@code name}, set up by {@code spec}. */
        public Builder pool(String name, Consumer<PoolSpec> spec) {
            PoolSpec p = new PoolSpec();
            spec.accept(p);
            pools.put(name, p.build(name));
            return this;
        }

        /** Adds a route: {@code host} exact, {@code *.suffix} or null for any; then the path prefix. */
        public Builder route(String host, String pathPrefix, String pool) {
            routes.add(new RouteConfig("route-" + (routes.size() + 1), new MatchConfig(host, pathPrefix), pool));
            return this;
        }

        public GatehouseConfig config() {
            List<RouteConfig> r = routes;
            if (r.isEmpty() && !pools.isEmpty()) {
                r = List.of(new RouteConfig("default", new MatchConfig(null, "/"), pools.keySet().iterator().next()));
            }
            ListenerLimitsConfig limits = new ListenerLimitsConfig(maxRequestLine, maxHeaderSize, maxBodySize,
                    headerTimeout, idleTimeout);
            return new GatehouseConfig(
                    List.of(new ListenerConfig(LISTENER, new HostPort("127.0.0.1", 0), limits)),
                    // Port 0: should the admin side ever bind at start, it must not need a fixed port.
                    new AdminConfig(new HostPort("127.0.0.1", 0)),
                    r,
                    pools);
        }

        public GatewayFixture start() throws StartupException {
            GatehouseConfig config = config();
            return new GatewayFixture(Gatehouse.start(config), config);
        }
    }
}
