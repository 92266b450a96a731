package dev.gatehouse;

import dev.gatehouse.admin.AdminContext;
import dev.gatehouse.admin.AdminServer;
import dev.gatehouse.config.AdminConfig;
import dev.gatehouse.config.GatehouseConfig;
import dev.gatehouse.config.ListenerConfig;
import dev.gatehouse.config.reload.ConfigReloader;
import dev.gatehouse.config.reload.ConfigWatcher;
import dev.gatehouse.config.reload.ReloadResult;
import dev.gatehouse.edge.EdgeListener;
import dev.gatehouse.exchange.PathNormalizer;
import dev.gatehouse.exchange.ExchangeObserver;
import dev.gatehouse.health.HealthCheckers;
import dev.gatehouse.observability.AccessLogObserver;
import dev.gatehouse.observability.ActiveExchanges;
import dev.gatehouse.observability.CircuitBreakerMeters;
import dev.gatehouse.observability.CompositeObserver;
import dev.gatehouse.observability.MetricsObserver;
import dev.gatehouse.proxy.ListenerContext;
import dev.gatehouse.security.CidrSet;
import dev.gatehouse.security.IpAccess;
import dev.gatehouse.runtime.RuntimeCompiler;
import dev.gatehouse.runtime.RuntimeHolder;
import dev.gatehouse.runtime.RuntimeSnapshot;
import dev.gatehouse.runtime.Transport;
import dev.gatehouse.upstream.UpstreamConnector;
import io.netty.channel.EventLoopGroup;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running gateway assembled from one configuration: its listeners, routes and pools, and its
 * admin side (API, metrics, access log, reloads). {@link #start} binds every listener or fails;
 * {@link #shutdownGracefully} stops accepting and lets requests in flight finish; {@link #close}
 * stops at once and releases everything.
 */
public final class Gatehouse implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Gatehouse.class);

    private final EventLoopGroup workers;
    private final RuntimeHolder runtime;
    private final List<EdgeListener> listeners;
    private final ActiveExchanges exchanges;
    private final MetricsObserver metrics;
    private final AccessLogObserver accessLog;
    private final ConfigReloader reloader;
    private final HealthCheckers health;
    private final Instant started = Instant.now();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final AtomicBoolean closing = new AtomicBoolean();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private volatile AdminServer admin;
    private volatile ConfigWatcher watcher;

    private Gatehouse(EventLoopGroup workers, RuntimeHolder runtime, List<EdgeListener> listeners,
            ActiveExchanges exchanges, MetricsObserver metrics, AccessLogObserver accessLog, ConfigReloader reloader,
            HealthCheckers health) {
        this.workers = workers;
        this.runtime = runtime;
        this.listeners = listeners;
        this.exchanges = exchanges;
        this.metrics = metrics;
        this.accessLog = accessLog;
        this.reloader = reloader;
        this.health = health;
    }

    /** Starts a gateway without a config file: {@code POST /api/reload} answers 409. */
    public static Gatehouse start(GatehouseConfig config) throws StartupException {
        return start(config, null, false);
    }

    /**
     * Builds the runtime from {@code config}, binds every listener, then the admin listener.
     *
     * @param configFile the file {@code config} came from, which reloads read again; or null
     * @param watch      whether to reload when {@code configFile} changes
     * @throws StartupException when a listener cannot bind (port in use, bad address) or a
     *                          backend address cannot be resolved
     */
    public static Gatehouse start(GatehouseConfig config, Path configFile, boolean watch) throws StartupException {
        RuntimeSnapshot snapshot;
        try {
            snapshot = RuntimeCompiler.compile(config, null);
        } catch (java.net.UnknownHostException e) {
            throw new StartupException(e.getMessage(), e);
        }
        AdminConfig adminConfig = config.admin();
        ActiveExchanges exchanges = new ActiveExchanges();
        MetricsObserver metrics = adminConfig.metrics() ? new MetricsObserver(exchanges) : null;
        CircuitBreakerMeters breakers = metrics == null ? null : new CircuitBreakerMeters(metrics.registry());
        AccessLogObserver accessLog = adminConfig.accessLog() ? new AccessLogObserver() : null;
        if (metrics != null && accessLog != null) {
            metrics.watch(accessLog);
        }
        // The counter first: a stop must see every exchange, whatever the others do.
        ExchangeObserver observer = CompositeObserver.of(Arrays.asList(exchanges, metrics, accessLog));

        Transport transport = Transport.best();
        // One event loop per core: each loop owns its connections end to end, so more loops than
        // cores only adds context switches.
        EventLoopGroup workers = transport.newGroup(0, "gatehouse-io", false);
        RuntimeHolder runtime = new RuntimeHolder(snapshot);
        UpstreamConnector upstreams = new UpstreamConnector(transport);
        List<EdgeListener> bound = new ArrayList<>();
        try {
            for (ListenerConfig lc : config.listeners()) {
                ListenerContext context = new ListenerContext(lc.name(), "http",
                        lc.limits().maxBodySize().bytes(), runtime, upstreams, observer,
                        lc.access() == null ? null : IpAccess.compile(lc.access()),
                        lc.trustedProxies().isEmpty() ? null : CidrSet.of(lc.trustedProxies()),
                        lc.rejectUnnormalizedPaths() ? PathNormalizer.Mode.REJECT : PathNormalizer.Mode.NORMALIZE);
                try {
                    bound.add(EdgeListener.bind(lc, context, workers, transport));
                } catch (Exception e) {
                    throw new StartupException("listener " + lc.name() + " cannot bind " + lc.address()
                            + ": " + describe(e), e);
                }
            }
        } catch (StartupException e) {
            bound.forEach(EdgeListener::stopAccepting);
            workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            if (accessLog != null) {
                accessLog.close();
            }
            throw e;
        }
        // Probes run on the workers: a probe is one more connection of the loop it was made on.
        HealthCheckers health = HealthCheckers.start(snapshot, workers, transport);
        ConfigReloader reloader = new ConfigReloader(config, configFile, runtime, new ConfigReloader.Listener() {
            @Override
            public void swapped(RuntimeSnapshot next) {
                health.update(next);
                if (metrics != null) {
                    metrics.bind(next);
                    breakers.bind(next);
                }
            }

            @Override
            public void reloaded(ReloadResult result) {
                if (metrics != null) {
                    metrics.reloaded(result.ok());
                }
            }
        });
        if (metrics != null) {
            metrics.bind(snapshot);
            breakers.bind(snapshot);
        }
        Gatehouse gatehouse = new Gatehouse(workers, runtime, bound, exchanges, metrics, accessLog, reloader,
                health);
        for (EdgeListener l : bound) {
            InetSocketAddress a = l.boundAddress();
            log.info("listener {} on {}:{} ({} transport)", l.name(), a.getHostString(), a.getPort(), transport.name());
        }
        gatehouse.startAdmin(adminConfig, transport);
        if (watch && configFile != null) {
            try {
                gatehouse.watcher = ConfigWatcher.start(reloader, ConfigWatcher.DEFAULT_QUIET);
            } catch (IOException e) {
                log.warn("cannot watch {} for changes ({}); reload with POST /api/reload", configFile, e.toString());
            }
        }
        return gatehouse;
    }

    private void startAdmin(AdminConfig config, Transport transport) throws StartupException {
        AdminContext context = new AdminContext(config.token(), version(), started, runtime::current, reloader,
                metrics, exchanges, () -> !stopping.get(), this::listenerAddresses);
        try {
            admin = AdminServer.bind(config.address(), context, transport);
        } catch (Exception e) {
            close();
            throw new StartupException("admin cannot bind " + config.address() + ": " + describe(e), e);
        }
        InetSocketAddress a = admin.boundAddress();
        log.info("admin on http://{}:{} (token: {}, metrics: {}, access log: {})", a.getHostString(), a.getPort(),
                config.token() == null ? "none" : "required", config.metrics() ? "on" : "off",
                config.accessLog() ? "on" : "off");
        if (config.token() == null && !a.getAddress().isLoopbackAddress()) {
            log.warn("the admin listener on {} can be reached from other machines and has no token:"
                    + " set admin.token, or bind it to 127.0.0.1", config.address());
        }
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        if (e instanceof java.net.BindException || (message != null && message.contains("Address already in use"))) {
            return "address already in use";
        }
        return message != null ? message : e.getClass().getSimpleName();
    }

    /** The port listener {@code name} is bound to (the real one when the config said port 0). */
    public int listenerPort(String name) {
        for (EdgeListener l : listeners) {
            if (l.name().equals(name)) {
                return l.boundAddress().getPort();
            }
        }
        throw new IllegalArgumentException("listener: \"" + name + "\" (expected: one of the configured listeners)");
    }

    private Map<String, InetSocketAddress> listenerAddresses() {
        Map<String, InetSocketAddress> out = new LinkedHashMap<>();
        listeners.forEach(l -> out.put(l.name(), l.boundAddress()));
        return out;
    }

    /** The port the admin listener is bound to (the real one when the config said port 0). */
    public int adminPort() {
        return admin.boundAddress().getPort();
    }

    /** The runtime currently serving new requests. */
    public RuntimeSnapshot runtime() {
        return runtime.current();
    }

    /** Reloads and weight overrides of this gateway. */
    public ConfigReloader reloader() {
        return reloader;
    }

    /** The active health checkers, which follow every snapshot swapped in. */
    public HealthCheckers healthCheckers() {
        return health;
    }

    /** Requests in flight through the gateway's listeners. */
    public int activeExchanges() {
        return exchanges.active();
    }

    /** Blocks until the gateway has been closed. */
    public void awaitClose() throws InterruptedException {
        closed.await();
    }

    /**
     * Stops gracefully: stops accepting connections (and {@code /readyz} answers 503), waits for
     * the requests in flight to finish, up to {@code timeout}, then closes. Returns whether every
     * request finished in time. A second call waits for the first to close.
     */
    public boolean shutdownGracefully(Duration timeout) {
        if (!stopping.compareAndSet(false, true)) {
            try {
                awaitClose();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return exchanges.active() == 0;
        }
        listeners.forEach(EdgeListener::stopAccepting);
        runtime.markStopping();
        int inFlight = exchanges.active();
        log.info("stopping: no new connections; waiting up to {} for {} request(s) in flight", timeout, inFlight);
        boolean idle;
        try {
            idle = exchanges.awaitIdle(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            idle = false;
        }
        if (!idle) {
            log.warn("stopping: {} request(s) still in flight after {}; closing their connections",
                    exchanges.active(), timeout);
        }
        close();
        log.info("stopped");
        return idle;
    }

    /** Stops accepting, then shuts the event loops down, letting queued work run out briefly. */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        stopping.set(true);
        if (watcher != null) {
            watcher.close();
        }
        listeners.forEach(EdgeListener::stopAccepting);
        health.close(); // before the event loops its probes run on
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        if (admin != null) {
            admin.close();
        }
        reloader.close();
        if (accessLog != null) {
            accessLog.close(); // after the event loops: every exchange has been queued by now
        }
        closed.countDown();
    }

    /** The project's version, or {@code unknown} when the build did not record it. */
    public static String version() {
        Properties properties = new Properties();
        try (InputStream in = Gatehouse.class.getResourceAsStream("/gatehouse-version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            return "unknown";
        }
        String version = properties.getProperty("version", "unknown");
        return version.startsWith("${") ? "unknown" : version;
    }
}
